using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.Llm;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// Traces of the published native binary, exported over OTLP/HTTP (protobuf) to a collector on loopback; JSON logs
/// carrying the same trace ids; the trace id in error envelopes.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class TracingNativeTests : IAsyncLifetime
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private string _dataDirectory = "";
    private OtlpReceiver? _collector;
    private FakeLlmServer? _provider;
    private UdcProcess? _udc;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private OtlpReceiver Collector => _collector!;

    private UdcProcess Udc => _udc!;

    public async ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("udc-traces-").FullName;
        DemoDataGenerator.Write(_dataDirectory, new DemoDataOptions());
        _collector = await OtlpReceiver.StartAsync();
        _provider = await FakeLlmServer.StartAsync();
        _udc = await UdcProcess.StartAsync(_dataDirectory, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.BaseAddress.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = null,
            ["OTEL_SERVICE_NAME"] = "udc-test",
            // The batch processor exports every 5 s by default; tests should not wait that long.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["UDC_LOG_FORMAT"] = "json",
            ["OPENAI_BASE_URL"] = _provider.BaseAddress.ToString().TrimEnd('/') + "/v1",
            ["OPENAI_API_KEY"] = "sk-trace-test-key",
            ["UDC_DATABASE"] = Path.Combine(_dataDirectory, "t.db"),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_udc is not null)
        {
            await _udc.DisposeAsync();
        }
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private static string Traceparent(string spanId) => $"00-{TraceId}-{spanId}-01";

    private async Task<HttpResponseMessage> GetAsync(string path, string parentSpan)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", Traceparent(parentSpan));
        return await Udc.Client.SendAsync(request, Token);
    }

    [Fact]
    public async Task DataRequest_ServerSpanAndQuerySpan_WithRowsAndCacheStatus()
    {
        using var first = await GetAsync("/data/support?status=open", "00f067aa0ba90201");
        using var second = await GetAsync("/data/support?status=open", "00f067aa0ba90202");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var server = await Collector.WaitForAsync(s => s.ParentSpanId == "00f067aa0ba90201");
        var query = await Collector.WaitForAsync(s => s.ParentSpanId == server.SpanId);
        var cached = await Collector.WaitForAsync(s => s.Name == "query page support" && s.TraceId == TraceId && (string?)s["udc.cache.status"] == "hit");

        Assert.Equal(TraceId, server.TraceId);
        Assert.Equal(2, server.Kind);
        Assert.Equal("/data/{source}", server["http.route"]);
        Assert.Equal(200L, server["http.response.status_code"]);
        Assert.Equal("udc-test", server.Resource["service.name"]);
        Assert.Equal("query page support", query.Name);
        Assert.Equal("Udc", query.Scope);
        Assert.Equal("miss", query["udc.cache.status"]);
        Assert.Equal(50L, query["udc.rows.scanned"]);
        var matched = Assert.IsType<long>(query["udc.rows.matched"]);
        Assert.InRange(matched, 1, 50);
        Assert.Equal(Math.Min(matched, 10), query["udc.rows.returned"]);
        Assert.Null(cached["udc.rows.scanned"]);
        Assert.Contains("application/x-protobuf", Collector.ContentTypes);
    }

    [Fact]
    public async Task Error_Traced_EnvelopeDetailsCarryTheTraceId()
    {
        using var response = await GetAsync("/data/crm?page_size=999", "00f067aa0ba90301");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        var details = body.RootElement.GetProperty("error").GetProperty("details").EnumerateArray().ToList();
        var trace = details[^1];
        Assert.Equal("trace", trace.GetProperty("loc")[0].GetString());
        Assert.Equal(TraceId, trace.GetProperty("msg").GetString());
        Assert.Equal("trace_id", trace.GetProperty("type").GetString());
        Assert.Equal("page_size", details[0].GetProperty("loc")[1].GetString());
        var span = await Collector.WaitForAsync(s => s.ParentSpanId == "00f067aa0ba90301");
        Assert.Equal(422L, span["http.response.status_code"]);
    }

    [Fact]
    public async Task McpToolCall_ExecuteToolSpan_FollowsGenAiConventions()
    {
        var answer = await McpOverHttp.CallToolAsync(Udc.Client, "aggregate_data", """{"source":"support","group_by":["status"]}""", Token, Traceparent("00f067aa0ba90401"));
        Assert.Contains("\"result\"", answer);

        var tool = await Collector.WaitForAsync(s => s.Name == "execute_tool aggregate_data");

        Assert.Equal(TraceId, tool.TraceId);
        Assert.Equal("execute_tool", tool["gen_ai.operation.name"]);
        Assert.Equal("aggregate_data", tool["gen_ai.tool.name"]);
        Assert.Equal("support", tool["udc.source"]);
        Assert.Equal("mcp", tool["udc.tool.surface"]);
        Assert.Equal(50L, tool["udc.rows.scanned"]);
        Assert.Equal(3L, tool["udc.rows.returned"]);
        // The MCP SDK's own server span (MCP conventions) is the tool span's parent.
        var parent = Collector.Spans.Single(s => s.SpanId == tool.ParentSpanId);
        Assert.Equal("tools/call aggregate_data", parent.Name);
        Assert.Equal("tools/call", parent["mcp.method.name"]);
    }

    [Fact]
    public async Task AssistantWithModel_ChatAndToolSpans_CarryTokensAndSurface_JsonLogsCarryTraceId()
    {
        var dialect = new OpenAiDialect();
        _provider!.Enqueue(dialect.ToolCalls(new ScriptedCall("call_t", "query_data", """{"source": "crm", "filters": {"status": "active"}}""")));
        _provider.Enqueue(dialect.Text("Thirty customers are active."));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/assistant/query")
        {
            Content = new StringContent("""{"provider": "openai", "model": "gpt-trace", "user_query": "Active customers?", "mode": "llm"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", Traceparent("00f067aa0ba90501"));
        using var response = await Udc.Client.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var chat = await Collector.WaitForAsync(s => s.Name == "chat gpt-trace");
        var tool = await Collector.WaitForAsync(s => s.Name == "execute_tool query_data" && s.TraceId == TraceId);
        var server = await Collector.WaitForAsync(s => s.ParentSpanId == "00f067aa0ba90501");

        Assert.Equal(3, chat.Kind);
        Assert.Equal("openai", chat["gen_ai.provider.name"]);
        Assert.Equal("chat", chat["gen_ai.operation.name"]);
        Assert.IsType<long>(chat["gen_ai.usage.input_tokens"]);
        Assert.Equal("model", tool["udc.tool.surface"]);
        Assert.Equal("crm", tool["udc.source"]);
        Assert.Equal("llm", server["udc.assistant.resolved_by"]);
        Assert.Equal(server.SpanId, tool.ParentSpanId);
        // The assistant's log line, as JSON, names the same trace.
        var line = Udc.Output.Split('\n').First(l => l.Contains("Assistant answered", StringComparison.Ordinal));
        using var log = JsonDocument.Parse(line);
        Assert.Contains(log.RootElement.GetProperty("Scopes").EnumerateArray(), scope => scope.TryGetProperty("TraceId", out var id) && id.GetString() == TraceId);
        Assert.Equal("Information", log.RootElement.GetProperty("LogLevel").GetString());
    }
}
