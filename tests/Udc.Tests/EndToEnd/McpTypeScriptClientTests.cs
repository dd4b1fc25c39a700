using System.Diagnostics;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The MCP server of the published native binary, driven over Streamable HTTP and stdio by an independent
/// client: the official TypeScript SDK, in <c>tests/mcp-e2e</c> (node's test runner; see its *.test.mjs).
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class McpTypeScriptClientTests
{
    /// <summary>The suite takes a few seconds; two minutes means a hang, and the runner's output says where.</summary>
    private static readonly TimeSpan s_suiteTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task TypeScriptSdk_NativeBinaryOverHttpAndStdio_AllChecksPass()
    {
        var suite = Path.Combine(RepositoryPaths.Root, "tests", "mcp-e2e");
        if (!Directory.Exists(Path.Combine(suite, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            Assert.Skip($"tests/mcp-e2e/node_modules is missing: run 'npm ci' in {suite} (.ci/run does) to run the TypeScript SDK end-to-end suite.");
        }

        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=spec"])
        {
            WorkingDirectory = suite,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["UDC_BINARY"] = await NativeBinary.GetPathAsync();
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_suiteTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = $"{await stdout}\n{await stderr}";
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(process.ExitCode == 0, $"node --test exited with {process.ExitCode}:\n{output}");
        Assert.Contains("fail 0", output);
    }
}
