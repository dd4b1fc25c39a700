using System.Net;
using System.Text;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary><c>GET /metrics</c> of the published native binary, scraped and parsed as Prometheus text.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class MetricsNativeTests : IAsyncLifetime
{
    private const string AdminKey = "metrics-admin-key-0123456789abcdef";
    private string _dataDirectory = "";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("udc-metrics-").FullName;
        DemoDataGenerator.Write(_dataDirectory, new DemoDataOptions());
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<UdcProcess> StartAsync(params (string Name, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["METRICS_ENABLED"] = "true",
            ["ADMIN_API_KEY"] = AdminKey,
            ["WEBHOOK_SECRET"] = AccessFixture.WebhookSecret,
            ["RATE_LIMIT_PER_SOURCE"] = "1000,analytics=1",
            ["UDC_DATABASE"] = Path.Combine(_dataDirectory, Guid.NewGuid().ToString("N") + ".db"),
        };
        foreach (var (name, value) in extra)
        {
            settings[name] = value;
        }
        return UdcProcess.StartAsync(_dataDirectory, settings);
    }

    private static async Task<(HttpResponseMessage Response, string Body)> ScrapeAsync(UdcProcess udc, string? adminKey = AdminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (adminKey is not null)
        {
            request.Headers.Add("X-Admin-Key", adminKey);
        }
        var response = await udc.Client.SendAsync(request, Token);
        return (response, await response.Content.ReadAsStringAsync(Token));
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    [Fact]
    public async Task Scrape_AfterTraffic_CountsEveryKindInPrometheusText()
    {
        await using var udc = await StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await udc.Client.GetAsync("/data/crm?status=active", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await udc.Client.GetAsync("/data/crm?status=active", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await udc.Client.GetAsync("/data/nope", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await udc.Client.GetAsync("/data/analytics", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await udc.Client.GetAsync("/data/analytics", Token)).StatusCode);
        using (var question = new StringContent("""{"user_query": "How many active customers?"}""", Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, (await udc.Client.PostAsync("/assistant/query", question, Token)).StatusCode);
        }
        using (var webhook = new StringContent("""{"source":"crm","event_type":"customer_updated","payload":{}}""", Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await udc.Client.PostAsync("/webhooks/events", webhook, Token)).StatusCode);
        }
        await McpOverHttp.CallToolAsync(udc.Client, "query_data", """{"source":"support","filters":{"status":"open"}}""", Token);

        var (response, text) = await ScrapeAsync(udc);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        var samples = PrometheusText.Parse(text, out var types);
        // Requests by route and status, with a latency histogram.
        Assert.Equal("histogram", types["http_server_request_duration_seconds"]);
        Assert.Equal(3, Value(samples, "http_server_request_duration_seconds_count", ("http_route", "/data/{source}"), ("http_response_status_code", "200"), ("http_request_method", "GET")));
        Assert.Equal(1, Value(samples, "http_server_request_duration_seconds_count", ("http_route", "/data/{source}"), ("http_response_status_code", "429")));
        Assert.Equal(1, Value(samples, "http_server_request_duration_seconds_count", ("http_route", "/data/{source}"), ("http_response_status_code", "400")));
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_bucket" && s.Labels["le"] == "+Inf");
        // Sources, cache, rate limits, assistant, tools, webhooks, Redis, runtime.
        Assert.Equal(50, Value(samples, "udc_source_rows", ("source", "crm")));
        Assert.True(Value(samples, "udc_source_snapshot_age_seconds", ("source", "support")) >= 0);
        Assert.Equal(1, Value(samples, "udc_source_ready", ("source", "analytics"), ("status", "ready")));
        Assert.Equal(1, Value(samples, "udc_cache_hits_total", ("tier", "memory")));
        Assert.True(Value(samples, "udc_cache_misses_total") >= 2);
        Assert.Equal(1, Value(samples, "udc_rate_limit_rejections_total", ("policy", "per-source"), ("source", "analytics")));
        Assert.Equal(1, Value(samples, "udc_assistant_answers_total", ("resolved_by", "fast_path")));
        Assert.Equal(1, Value(samples, "udc_tool_calls_total", ("tool", "query_data"), ("surface", "fast_path"), ("outcome", "ok")));
        Assert.Equal(1, Value(samples, "udc_tool_calls_total", ("tool", "query_data"), ("surface", "mcp"), ("outcome", "ok")));
        Assert.Equal(1, Value(samples, "udc_webhooks_received_total", ("outcome", "invalid_signature")));
        Assert.Equal(1, Value(samples, "udc_redis_status", ("status", "off")));
        Assert.Equal(0, Value(samples, "udc_redis_status", ("status", "connected")));
        Assert.Equal(0, Value(samples, "udc_bus_subscribed"));
        Assert.True(Value(samples, "dotnet_process_memory_working_set_bytes") > 1_000_000, "working set");
        Assert.Contains(samples, s => s.Name == "dotnet_gc_collections_total");
    }

    [Fact]
    public async Task Scrape_WithoutTheAdminKey_IsRefused()
    {
        await using var udc = await StartAsync();

        var (missing, missingBody) = await ScrapeAsync(udc, adminKey: null);
        var (wrong, _) = await ScrapeAsync(udc, adminKey: "not-the-admin-key-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("AUTH_INVALID_API_KEY", missingBody);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Scrape_MetricsOff_IsNotFound()
    {
        await using var udc = await StartAsync(("METRICS_ENABLED", "false"));

        var (response, body) = await ScrapeAsync(udc);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"NOT_FOUND\"", body);
    }
}
