using System.Diagnostics;
using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary><c>udc mcp</c> of the native binary, spoken to line by line: protocol on stdout only, errors for bad lines.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class McpStdioProcessTests
{
    /// <summary>Each answer comes in milliseconds; ten seconds allows for a loaded CI machine.</summary>
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Stdio_MalformedLinesBetweenMessages_JsonRpcErrorsThenServesOn()
    {
        var directory = Directory.CreateTempSubdirectory("udc-stdio-").FullName;
        DemoDataGenerator.Write(directory, new DemoDataOptions());
        var start = new ProcessStartInfo(await NativeBinary.GetPathAsync(), ["mcp", "--data", directory])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            var stdin = process.StandardInput;
            await stdin.WriteLineAsync("""{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}""");
            await stdin.FlushAsync(TestContext.Current.CancellationToken);
            Assert.Equal("2025-11-25", (await ReadAsync(process)).GetProperty("result").GetProperty("protocolVersion").GetString());

            await stdin.WriteLineAsync("""{"jsonrpc": "2.0", "method": "notifications/initialized"}""");
            await stdin.WriteLineAsync("this is not json");
            await stdin.WriteLineAsync("""{"jsonrpc": "2.0", "id": null, "method": "tools/list"}""");
            await stdin.WriteLineAsync("""{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "get_record", "arguments": {"source": "crm", "id": 7}}}""");
            await stdin.FlushAsync(TestContext.Current.CancellationToken);

            var parseError = await ReadAsync(process);
            Assert.Equal(-32700, parseError.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal(JsonValueKind.Null, parseError.GetProperty("id").ValueKind);
            Assert.Equal(-32600, (await ReadAsync(process)).GetProperty("error").GetProperty("code").GetInt32());
            var record = await ReadAsync(process);
            Assert.Equal(2, record.GetProperty("id").GetInt32());
            Assert.Equal(7, record.GetProperty("result").GetProperty("structuredContent").GetProperty("data").GetProperty("customer_id").GetInt32());

            stdin.Close();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(s_answerTimeout, TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Source crm loaded", await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The next stdout line, which must be one JSON object: anything else on stdout breaks every client.</summary>
    private static async Task<JsonElement> ReadAsync(Process process)
    {
        var line = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_answerTimeout, TestContext.Current.CancellationToken);
        Assert.NotNull(line);
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
