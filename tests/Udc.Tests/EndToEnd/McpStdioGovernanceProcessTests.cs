using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// <c>udc mcp</c> of the native binary governs tool calls as HTTP MCP does: each is charged to the quota, runs under
/// <c>REQUEST_DEADLINE_MS</c> and leaves an audit event, read back by <c>udc serve</c> on the same database.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class McpStdioGovernanceProcessTests
{
    /// <summary>Exiting writes the audit queue; thirty seconds allows for a loaded machine.</summary>
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stdio_ToolCalls_ChargedToTheQuotaAndAudited()
    {
        using var data = new TempDataDirectory("udc-stdio-quota-");
        DemoDataGenerator.Write(data.Path, new DemoDataOptions());
        // 50 units: one page of the 50 customers costs 1 + 1 + 50 = 52, so the next call finds the quota spent.
        var environment = AccessFixture.Settings(("UDC_DATABASE", data.PathOf("udc.db")), ("QUOTA_UNITS", "50"), ("AUDIT_FLUSH_MS", "10"));

        var results = (await RunStdioAsync(data.Path, environment,
            """{"name": "query_data", "arguments": {"source": "crm", "page_size": 50}}""",
            """{"name": "get_record", "arguments": {"source": "crm", "id": 7}}""")).Select(r => r.GetProperty("result")).ToList();

        var rows = results[0].GetProperty("structuredContent").GetProperty("data").GetArrayLength();
        Assert.False(results[0].TryGetProperty("isError", out var first) && first.GetBoolean());
        Assert.True(results[1].GetProperty("isError").GetBoolean());
        Assert.Contains("QUOTA_EXCEEDED", results[1].GetProperty("content")[0].GetProperty("text").GetString());
        var events = await AuditOfAsync(data.Path, environment);
        Assert.Equal(2, events.Count);
        var (refused, read) = (events[0], events[1]);
        Assert.Equal(("stdio", "mcp", "tools/call query_data", "crm", "ok", 200), Summary(read));
        Assert.Equal(rows, read.GetProperty("rows").GetInt64());
        Assert.Equal(1 + 1 + rows, read.GetProperty("charge").GetInt64());
        Assert.Equal(("stdio", "mcp", "tools/call get_record", "crm", "quota", 200), Summary(refused));
        Assert.Equal(0, refused.GetProperty("rows").GetInt64());
        Assert.Equal(0, refused.GetProperty("charge").GetInt64());
    }

    [Fact]
    public async Task Stdio_GroupingPastTheDeadline_ErrorResultAndAuditedAsDeadline()
    {
        using var data = new TempDataDirectory("udc-stdio-deadline-");
        data.Write("big.csv", BigCsv());
        // 1 ms: grouping 300,000 distinct ids takes far longer, and the scan checks between chunks of 65,536 rows.
        var environment = AccessFixture.Settings(("UDC_DATABASE", data.PathOf("udc.db")), ("REQUEST_DEADLINE_MS", "1"), ("AUDIT_FLUSH_MS", "10"));

        var results = (await RunStdioAsync(data.Path, environment,
            """{"name": "query_sql", "arguments": {"sql": "SELECT id, COUNT(*) AS n FROM big GROUP BY id"}}""")).Select(r => r.GetProperty("result")).ToList();

        Assert.True(results[0].GetProperty("isError").GetBoolean());
        Assert.Contains("DEADLINE_EXCEEDED", results[0].GetProperty("content")[0].GetProperty("text").GetString());
        var events = await AuditOfAsync(data.Path, AccessFixture.Settings(("UDC_DATABASE", data.PathOf("udc.db"))));
        var item = Assert.Single(events);
        Assert.Equal(("stdio", "mcp", "tools/call query_sql", "big", "deadline", 200), Summary(item));
    }

    [Fact]
    public async Task Stdio_DeadlineInMeta_LowersThatCallsDeadlineOnlyAndNeverRaisesIt()
    {
        using var data = new TempDataDirectory("udc-stdio-meta-deadline-");
        data.Write("big.csv", BigCsv());
        // The setting allows the grouping a minute; the first call asks for 1 ms in its _meta, the third asks nothing.
        var environment = AccessFixture.Settings(("UDC_DATABASE", data.PathOf("udc.db")), ("REQUEST_DEADLINE_MS", "60000"), ("AUDIT_FLUSH_MS", "10"));
        const string Arguments = """ "arguments": {"sql": "SELECT id, COUNT(*) AS n FROM big WHERE id <= 90000 GROUP BY id LIMIT 3"} """;

        var answers = await RunStdioAsync(data.Path, environment,
            $$$"""{"name": "query_sql", {{{Arguments}}}, "_meta": {"udc/deadline_ms": 1}}""",
            $$$"""{"name": "query_sql", {{{Arguments}}}, "_meta": {"udc/deadline_ms": 600000}}""",
            $$$"""{"name": "query_sql", {{{Arguments}}}, "_meta": {"udc/deadline_ms": "soon"}}""",
            $$$"""{"name": "query_sql", {{{Arguments}}}}""");

        var lowered = answers[0].GetProperty("result");
        Assert.True(lowered.GetProperty("isError").GetBoolean());
        Assert.Contains("DEADLINE_EXCEEDED", lowered.GetProperty("content")[0].GetProperty("text").GetString());
        foreach (var answer in answers[1..3])
        {
            var refused = answer.GetProperty("result");
            Assert.True(refused.GetProperty("isError").GetBoolean());
            Assert.Contains("VALIDATION_ERROR", refused.GetProperty("content")[0].GetProperty("text").GetString());
            Assert.Contains("udc/deadline_ms", refused.GetProperty("content")[0].GetProperty("text").GetString());
        }
        var unhurried = answers[3].GetProperty("result");
        Assert.False(unhurried.TryGetProperty("isError", out var error) && error.GetBoolean(), unhurried.GetRawText());
        Assert.Equal(3, unhurried.GetProperty("structuredContent").GetProperty("data").GetArrayLength());
        var events = await AuditOfAsync(data.Path, AccessFixture.Settings(("UDC_DATABASE", data.PathOf("udc.db"))));
        Assert.Equal(["ok", "deadline"], events.Select(e => e.GetProperty("outcome").GetString()));
    }

    /// <summary>300,000 rows load within the first answer's wait and still take several chunks to group.</summary>
    private static string BigCsv()
    {
        var csv = new StringBuilder(300_000 * 16).Append("id,kind,value\n");
        for (var i = 1; i <= 300_000; i++)
        {
            csv.Append(i).Append(',').Append(i % 2 == 0 ? "even" : "odd").Append(',').Append(i * 3).Append('\n');
        }
        return csv.ToString();
    }

    private static (string?, string?, string?, string?, string?, int) Summary(JsonElement item) =>
        (item.GetProperty("caller").GetString(), item.GetProperty("surface").GetString(), item.GetProperty("action").GetString(),
            item.GetProperty("source").GetString(), item.GetProperty("outcome").GetString(), item.GetProperty("status").GetInt32());

    /// <summary>Initializes, makes each tool call in turn, closes stdin and waits for a clean exit (which writes the audit); each call's whole answer.</summary>
    private static async Task<List<JsonElement>> RunStdioAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] calls)
    {
        var start = new ProcessStartInfo(await NativeBinary.GetPathAsync(), ["mcp", "--data", directory])
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
        var stderr = process.StandardError.ReadToEndAsync(Token);
        try
        {
            var stdin = process.StandardInput;
            await stdin.WriteLineAsync("""{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}""");
            await stdin.WriteLineAsync("""{"jsonrpc": "2.0", "method": "notifications/initialized"}""");
            await stdin.FlushAsync(Token);
            Assert.True((await McpStdioProcessTests.ReadAsync(process)).TryGetProperty("result", out _));
            var results = new List<JsonElement>();
            for (var i = 0; i < calls.Length; i++)
            {
                // One at a time: the second call must see the first one's charge.
                await stdin.WriteLineAsync($$"""{"jsonrpc": "2.0", "id": {{(i + 2).ToString(CultureInfo.InvariantCulture)}}, "method": "tools/call", "params": {{calls[i]}}}""");
                await stdin.FlushAsync(Token);
                results.Add(await McpStdioProcessTests.ReadAsync(process));
            }
            stdin.Close();
            await process.WaitForExitAsync(Token).WaitAsync(s_exitTimeout, Token);
            Assert.Equal(0, process.ExitCode);
            Assert.DoesNotContain("Exception", await stderr);
            return results;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The stdio caller's events, newest first, as <c>GET /audit</c> of a server on the same database shows them.</summary>
    private static async Task<List<JsonElement>> AuditOfAsync(string directory, IReadOnlyDictionary<string, string> environment)
    {
        await using var serve = await UdcProcess.StartAsync(directory, environment);
        using var response = await serve.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/audit?caller=stdio"), Token);
        using var body = await AccessFixture.JsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        return [.. body.RootElement.GetProperty("data").EnumerateArray().Select(e => e.Clone())];
    }
}
