using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Analytics;

/// <summary>The analytics, quality, versions and SQL routes over real HTTP (in-process), in UDC's conventions.</summary>
public sealed class AnalyticsApiTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(UdcTestServer server, string url)
    {
        using var response = await server.Client.GetAsync(url, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> SqlAsync(UdcTestServer server, string body, string contentType = "application/json")
    {
        using var response = await server.Client.PostAsync("/query", new StringContent(body, Encoding.UTF8, contentType), Token);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone());
    }

    [Fact]
    public async Task Trend_DemoMetric_WeeklyBucketsSummaryAndVoiceContext()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, json) = await GetAsync(server, "/analytics/analytics/trend?metric=daily_active_users&bucket=week");

        Assert.Equal(HttpStatusCode.OK, status);
        var metadata = json.GetProperty("metadata");
        Assert.Equal("metric", metadata.GetProperty("series_column").GetString());
        Assert.True(metadata.GetProperty("series_inferred").GetBoolean());
        Assert.Equal("week", metadata.GetProperty("bucket").GetString());
        var series = metadata.GetProperty("series")[0];
        Assert.Matches(@"^Daily active users (rose|fell|held steady) .*week over week", series.GetProperty("summary").GetString());
        Assert.Equal(series.GetProperty("summary").GetString(), metadata.GetProperty("voice_context").GetString());
        var data = json.GetProperty("data").EnumerateArray().ToList();
        Assert.All(data, row => Assert.Equal("daily_active_users", row.GetProperty("metric").GetString()));
        Assert.Equal(data[^1].GetProperty("avg_value").GetDouble(), series.GetProperty("latest").GetDouble());
        Assert.Equal(data.Sum(r => r.GetProperty("count").GetInt32()), metadata.GetProperty("total_results").GetInt32());
    }

    [Theory]
    [InlineData("/analytics/crm/trend", "measure")]
    [InlineData("/analytics/analytics/trend?measure=metric", "measure")]
    [InlineData("/analytics/analytics/trend?bucket=fortnight", "bucket")]
    [InlineData("/analytics/analytics/anomalies?window=1", "window")]
    [InlineData("/analytics/analytics/anomalies?threshold=abc", "threshold")]
    [InlineData("/analytics/analytics/forecast?horizon=0", "horizon")]
    [InlineData("/analytics/analytics/forecast?method=arima", "method")]
    [InlineData("/analytics/analytics/trend?page=2", "page")]
    [InlineData("/analytics/analytics/trend?nope=1", "nope")]
    public async Task Analytics_BadParameters_422AtTheParameter(string url, string parameter)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, json) = await GetAsync(server, url);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("VALIDATION_ERROR", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(json.GetProperty("error").GetProperty("details").EnumerateArray(), d => d.GetProperty("loc")[1].GetString() == parameter);
    }

    [Fact]
    public async Task Analytics_UnknownSource_400ListingSources()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, json) = await GetAsync(server, "/analytics/billing/trend");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("analytics, crm, support", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnomaliesAndForecast_DemoData_PointsWithScoresAndAnIntervalAroundTheForecast()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (_, anomalies) = await GetAsync(server, "/analytics/analytics/anomalies?window=7&points=all&metric=error_rate");
        var (_, forecast) = await GetAsync(server, "/analytics/analytics/forecast?metric=page_views&horizon=4");

        var points = anomalies.GetProperty("data").EnumerateArray().ToList();
        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.Equal(Math.Abs(p.GetProperty("z_score").GetDouble()) > 2, p.GetProperty("anomaly").GetBoolean()));
        Assert.All(points, p => Assert.Equal((p.GetProperty("value").GetDouble() - p.GetProperty("mean").GetDouble()) / p.GetProperty("stddev").GetDouble(), p.GetProperty("z_score").GetDouble(), 1e-9));
        var next = forecast.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(4, next.Count);
        Assert.All(next, p => Assert.InRange(p.GetProperty("forecast").GetDouble(), p.GetProperty("lower").GetDouble(), p.GetProperty("upper").GetDouble()));
        var series = forecast.GetProperty("metadata").GetProperty("series")[0];
        Assert.Contains(series.GetProperty("method").GetString(), new[] { "linear", "holt_winters" });
        Assert.True(series.GetProperty("holdout").GetProperty("mae").GetDouble() >= 0);
    }

    [Fact]
    public async Task Quality_EverySourceScoredAndOneInFull()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (_, overview) = await GetAsync(server, "/quality");
        var (status, report) = await GetAsync(server, "/quality/support");

        Assert.Equal(["analytics", "crm", "support"], overview.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("source").GetString()));
        Assert.All(overview.GetProperty("data").EnumerateArray(), s => Assert.InRange(s.GetProperty("score").GetDouble(), 0, 100));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, report.GetProperty("data").GetProperty("columns").GetArrayLength());
        Assert.Equal("ticket_id", report.GetProperty("data").GetProperty("consistency").GetProperty("id_column").GetString());
        Assert.StartsWith("support scores ", report.GetProperty("metadata").GetProperty("voice_context").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quality_BadDatesKeptAsText_NamedAsInvalidTimestamps()
    {
        using var dir = new TempDataDirectory();
        var rows = Enumerable.Range(1, 40).Select(i => $$"""{"id": {{i}}, "when": "{{(i == 7 ? "2024-13-45" : i == 9 ? "soon" : $"2024-03-{i % 28 + 1:00}")}}", "amount": {{(i == 3 ? "null" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}}}""");
        dir.Write("orders.json", "[" + string.Join(",", rows) + "," + """{"id": 5, "when": "2024-03-06", "amount": 5}""" + "]");
        await using var server = await UdcTestServer.StartAsync(dir.Path);

        var (_, report) = await GetAsync(server, "/quality/orders");

        var columns = report.GetProperty("data").GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("timestamp", columns["when"].GetProperty("expected_type").GetString());
        Assert.Equal(2, columns["when"].GetProperty("invalid_count").GetInt32());
        Assert.Equal(["2024-13-45", "soon"], columns["when"].GetProperty("invalid_examples").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, columns["amount"].GetProperty("null_count").GetInt32());
        Assert.Equal(1, report.GetProperty("data").GetProperty("consistency").GetProperty("duplicate_ids").GetInt32());
        var findings = report.GetProperty("data").GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString()).ToList();
        Assert.Contains(findings, f => f!.StartsWith("when: 2 values are not dates", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Versions_AfterAReload_ListedAndTheOldOneStillReadable()
    {
        using var dir = new TempDataDirectory();
        dir.Write("items.json", """[{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]""");
        await using var server = await UdcTestServer.StartAsync(dir.Path);
        var catalog = (Udc.Engine.Catalog.SourceCatalog)server.Services.GetService(typeof(Udc.Engine.Catalog.SourceCatalog))!;

        dir.Replace("items.json", """[{"id": 1, "name": "a2"}, {"id": 3, "name": "c"}, {"id": 4, "name": "d"}]""");
        File.SetLastWriteTimeUtc(dir.PathOf("items.json"), DateTime.UtcNow.AddSeconds(5));
        catalog.Refresh();

        var (_, versions) = await GetAsync(server, "/sources/items/versions");
        var list = versions.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([2L, 1L], list.Select(v => v.GetProperty("version").GetInt64()));
        var change = list[0].GetProperty("change");
        Assert.Equal("reloaded", change.GetProperty("kind").GetString());
        Assert.Equal(2, change.GetProperty("records_added").GetInt32());
        Assert.Equal(1, change.GetProperty("records_removed").GetInt32());
        Assert.Equal(1, change.GetProperty("records_changed").GetInt32());
        Assert.True(versions.GetProperty("metadata").GetProperty("history_bytes").GetInt64() > 0);

        var (_, old) = await GetAsync(server, "/data/items?version=1&sort=id");
        var (_, now) = await GetAsync(server, "/data/items?sort=id");
        var (_, asOf) = await GetAsync(server, "/data/items?as_of=2000-01-01");
        Assert.Equal(["a", "b"], old.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(3, now.GetProperty("metadata").GetProperty("total_results").GetInt32());
        Assert.Contains("versions held: 1 (from ", asOf.GetProperty("error").GetProperty("details")[0].GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_SelectWithOrAndGroup_RowsInSelectOrder()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, json) = await SqlAsync(server, """{"sql": "SELECT priority AS p, COUNT(*) AS n FROM support WHERE status = 'open' OR status = 'pending' GROUP BY priority ORDER BY n DESC, p"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["p", "n"], json.GetProperty("metadata").GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var rows = json.GetProperty("data").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal(["p", "n"], r.EnumerateObject().Select(p => p.Name)));
        var (_, check) = await GetAsync(server, "/data/support/aggregate?status=open,pending&group_by=priority");
        Assert.Equal(check.GetProperty("metadata").GetProperty("total_results").GetInt32(), rows.Sum(r => r.GetProperty("n").GetInt32()));
    }

    [Theory]
    [InlineData("""{"sql": "DROP TABLE support"}""", "sql_unsupported")]
    [InlineData("""{"sql": "SELECT * FROM support WHERE"}""", "sql_syntax")]
    [InlineData("""{"sql": "SELECT nope FROM support"}""", "value_error")]
    [InlineData("""{"query": "SELECT 1"}""", "value_error")]
    [InlineData("""["SELECT 1"]""", "value_error")]
    [InlineData("""{"sql": 5}""", "value_error")]
    [InlineData("""not json""", "value_error")]
    public async Task Sql_Refused_422InTheEnvelopeAtTheBody(string body, string type)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, json) = await SqlAsync(server, body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var detail = json.GetProperty("error").GetProperty("details")[0];
        Assert.Equal("body", detail.GetProperty("loc")[0].GetString());
        Assert.Equal(type, detail.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Sql_NotJsonOrUnknownSource_415And400()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (unsupported, _) = await SqlAsync(server, "SELECT 1", "text/plain");
        var (unknown, json) = await SqlAsync(server, """{"sql": "SELECT * FROM billing"}""");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported);
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Equal("UNKNOWN_DATA_SOURCE", json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Sql_KeyLimitedToOneSource_OtherSourceForbidden()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "support only", "sources": ["support"]}""");
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);

        using var forbidden = await client.PostAsync("/query", new StringContent("""{"sql": "SELECT * FROM crm"}""", Encoding.UTF8, "application/json"), Token);
        using var allowed = await client.PostAsync("/query", new StringContent("""{"sql": "SELECT ticket_id FROM support LIMIT 2"}""", Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}

/// <summary>The stream cap and the heartbeat, in process.</summary>
public sealed class MetricsStreamTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_PastTheCap_503TooManyStreamsWithRetryAfter_AndHeartbeats()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(new Dictionary<string, string?> { ["UDC_SSE_MAX_STREAMS"] = "1", ["UDC_SSE_HEARTBEAT_SECONDS"] = "0.2" });

        using var first = await server.Client.GetAsync("/sse/metrics?sources=analytics", HttpCompletionOption.ResponseHeadersRead, Token);
        using var second = await server.CreateClient().GetAsync("/sse/metrics", HttpCompletionOption.ResponseHeadersRead, Token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("30", second.Headers.RetryAfter?.ToString());
        Assert.Contains("TOO_MANY_STREAMS", await second.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        using var reader = new StreamReader(await first.Content.ReadAsStreamAsync(Token));
        var lines = new List<string>();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(limit.Token) is { } line && line != ": heartbeat")
        {
            lines.Add(line);
        }
        Assert.Contains("event: metrics", lines);
        Assert.DoesNotContain(lines, l => l.Contains("\"source\":\"crm\"", StringComparison.Ordinal));
    }
}
