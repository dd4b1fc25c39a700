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

    /// <summary>
    /// <c>udc mcp</c> is composed like <c>udc serve</c>: a change a serving process received by webhook is replayed onto
    /// the file's source, and the per-source rate limit counts tool calls.
    /// </summary>
    [Fact]
    public async Task Stdio_SameDatabaseAsServe_SeesWebhookChangesAndRateLimitsTools()
    {
        using var data = new TempDataDirectory("udc-stdio-compose-");
        DemoDataGenerator.Write(data.Path, new DemoDataOptions());
        var environment = AccessFixture.Settings(("UDC_DATABASE", data.PathOf("udc.db")), ("RATE_LIMIT_PER_SOURCE", "3"), ("AUTH_ENABLED", "false"));
        await using (var serve = await UdcProcess.StartAsync(data.Path, environment))
        {
            using var webhook = AccessFixture.SignedWebhook("msg_stdio_1", AccessFixture.UpsertCustomer(7, "Stdio Sees Me"));
            using var accepted = await serve.Client.SendAsync(webhook, TestContext.Current.CancellationToken);
            Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        var start = new ProcessStartInfo(await NativeBinary.GetPathAsync(), ["mcp", "--data", data.Path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            var stdin = process.StandardInput;
            await stdin.WriteLineAsync("""{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}""");
            await stdin.WriteLineAsync("""{"jsonrpc": "2.0", "method": "notifications/initialized"}""");
            await stdin.FlushAsync(TestContext.Current.CancellationToken);
            Assert.Equal("2025-11-25", (await ReadAsync(process)).GetProperty("result").GetProperty("protocolVersion").GetString());
            for (var id = 2; id <= 5; id++)
            {
                await stdin.WriteLineAsync("""{"jsonrpc": "2.0", "id": """ + id + """, "method": "tools/call", "params": {"name": "get_record", "arguments": {"source": "crm", "id": 7}}}""");
            }
            await stdin.FlushAsync(TestContext.Current.CancellationToken);

            var results = new List<JsonElement>();
            for (var i = 0; i < 4; i++)
            {
                results.Add((await ReadAsync(process)).GetProperty("result"));
            }
            Assert.Equal("Stdio Sees Me", results[0].GetProperty("structuredContent").GetProperty("data").GetProperty("name").GetString());
            Assert.True(results[3].GetProperty("isError").GetBoolean());
            Assert.Contains("RATE_LIMIT_EXCEEDED", results[3].GetProperty("content")[0].GetProperty("text").GetString());
            stdin.Close();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(s_answerTimeout, TestContext.Current.CancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        Assert.DoesNotContain("Exception", await stderr);
    }

    /// <summary>The next stdout line, which must be one JSON object: anything else on stdout breaks every client.</summary>
    internal static async Task<JsonElement> ReadAsync(Process process)
    {
        var line = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_answerTimeout, TestContext.Current.CancellationToken);
        Assert.NotNull(line);
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }
}
