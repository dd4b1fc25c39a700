using System.Net;
using System.Text;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The published binary builds no generic type at run time while it starts and answers its first requests: the 88
/// that the runtime's type loader built were a third of the demo's start (StartupTypes.rd.xml). The binary runs
/// under <c>gdb</c>, stopping in the type loader's two builders (their symbols come from <c>udc.dbg</c>, which the
/// publish leaves beside the binary) and naming each type built.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class StartupTypesNativeTests : IDisposable
{
    private const string Built = "built at run time: ";

    private readonly TempDataDirectory _data = new("udc-e2e-types-");
    private readonly TempDataDirectory _work = new("udc-e2e-types-work-");

    public void Dispose()
    {
        _data.Dispose();
        _work.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAndFirstRequests_BuildNoGenericTypeAtRunTime()
    {
        var gdb = Executables.Find("gdb");
        Assert.SkipWhen(gdb is null, "gdb is not installed (apt-get install gdb); .ci/run installs it");
        var binary = await NativeBinary.GetPathAsync();
        Assert.True(File.Exists(Path.ChangeExtension(binary, ".dbg")), $"the debug symbols of {binary} (udc.dbg) are needed to find the type loader");
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions { Tickets = 500 });
        var script = _work.Write("types.gdb", Script());

        await using var udc = await UdcProcess.StartUnderAsync([gdb, "-batch", "-nx", "-x", script, "--args"], _data.Path,
            new Dictionary<string, string?> { ["UDC_DATABASE"] = _work.PathOf("udc.db") });
        using (var page = await udc.Client.GetAsync("/data/support?status=open&page_size=5", Token))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        using (var sources = await udc.Client.GetAsync("/sources/support", Token))
        {
            Assert.Equal(HttpStatusCode.OK, sources.StatusCode);
        }
        using (var initialize = await udc.Client.SendAsync(McpInitialize(), Token))
        {
            Assert.Equal(HttpStatusCode.OK, initialize.StatusCode);
        }
        // No provider is configured: the assistant answers with an error, after its services were made.
        using (var question = await udc.Client.PostAsync("/assistant/query", new StringContent("""{"message":"how many open tickets"}""", Encoding.UTF8, "application/json"), Token))
        {
            Assert.NotEqual(HttpStatusCode.InternalServerError, question.StatusCode);
        }

        var output = udc.Output;
        Assert.Contains("Breakpoint 1 at 0x", output, StringComparison.Ordinal);
        Assert.Contains("Breakpoint 2 at 0x", output, StringComparison.Ordinal);
        var built = output.Split('\n').Where(line => line.StartsWith(Built, StringComparison.Ordinal) || line.StartsWith("  of ", StringComparison.Ordinal)).ToList();
        Assert.True(built.Count == 0, "types built at run time (name them in src/Udc/Hosting/StartupTypes.rd.xml):\n" + string.Join('\n', built));
    }

    private static HttpRequestMessage McpInitialize() =>
        new(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"types","version":"1"}}}""", Encoding.UTF8, "application/json"),
            Headers = { { "Accept", "application/json, text/event-stream" } },
        };

    /// <summary>
    /// Breakpoints on the builders of generic and array types; each names the type (its definition's and arguments'
    /// method tables, read from the call's registers) and lets the process go on. Signals pass through untouched:
    /// the runtime uses them to suspend threads for a collection.
    /// </summary>
    private static string Script() => $$"""
        set pagination off
        set confirm off
        handle all nostop noprint pass
        break S_P_TypeLoader_Internal_Runtime_TypeLoader_TypeBuilder__TryBuildGenericType
        commands
        silent
        printf "{{Built}}"
        info symbol $rdi
        set $count = *(long*)($rsi+8)
        set $i = 0
        while $i < $count
        printf "  of "
        info symbol *(long*)($rsi+16+8*$i)
        set $i = $i + 1
        end
        continue
        end
        break S_P_TypeLoader_Internal_Runtime_TypeLoader_TypeBuilder__TryBuildArrayType
        commands
        silent
        printf "{{Built}}array of "
        info symbol $rdi
        continue
        end
        run
        """;
}
