using System.Text.Json;
using Udc.Ingestion.Storage;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Ingestion;

public sealed class HttpJsonIngestionTests
{
    /// <remarks>
    /// The 30 s timeout is for a loaded test machine, where the upstream shares the test process's threads; the test of
    /// timeouts sets its own.
    /// </remarks>
    internal static string Connector(Uri upstream, string path, string pagination, string extra = "") => $$"""
        {
          // Comments are allowed: the file is JSONC.
          "connectors": {
            "orders": {
              "type": "http_json",
              "url": "{{upstream}}{{path}}",
              "records": "/data",
              "id_field": "id",
              "pagination": {{pagination}},
              "allow_addresses": ["127.0.0.1"],
              "run_at_start": false,
              "timeout_seconds": 30{{extra}}
            }
          }
        }
        """;

    internal const string ByPage = """{"type": "page", "param": "page", "size_param": "per_page", "size": 100}""";

    [Theory]
    [InlineData("/page", ByPage)]
    [InlineData("/offset", """{"type": "offset", "param": "offset", "size_param": "limit", "size": 100}""")]
    [InlineData("/cursor", """{"type": "cursor", "param": "cursor", "next": "/meta/next", "size_param": "per_page", "size": 100}""")]
    [InlineData("/link", """{"type": "link", "size_param": "per_page", "size": 100}""")]
    public async Task HttpJson_EachPagination_ServesEveryRecordOnceAtData(string path, string pagination)
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(250);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, path.TrimStart('/'), pagination));

        var run = await host.RunAsync("orders");

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("pages").GetInt32());
        Assert.Equal(250, run.GetProperty("inserted").GetInt32());
        var ids = await host.IdsAsync("orders");
        Assert.Equal(250, ids.Count);
        Assert.Equal(250, ids.Distinct().Count());
        var filtered = await host.GetAsync("/data/orders?id=42");
        Assert.Equal("item 42", filtered.GetProperty("data")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task HttpJson_NothingChanged_OneConditionalRequestAnsweredNotModified()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(150);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage));
        await host.RunAsync("orders");
        var before = upstream.Requests;

        var second = await host.RunAsync("orders");

        Assert.Equal("not_modified", second.GetProperty("status").GetString());
        Assert.Equal(1, upstream.Requests - before);
        Assert.Equal(1, upstream.NotModifiedAnswers);
        Assert.Equal(150, (await host.IdsAsync("orders")).Count);
    }

    [Fact]
    public async Task HttpJson_SameIdTwiceInAPage_OneRecordTheLaterVersion()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = [.. FeedServer.Numbered(3), new FeedItem("""{"id": 2, "name": "item 2 again"}""", ""), new FeedItem("""{"id": 2, "name": "item 2 again"}""", "")];
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage));

        var run = await host.RunAsync("orders");

        // The first 2 inserts, the second updates it, the third is the same as the second.
        Assert.Equal((3, 1, 1), (run.GetProperty("inserted").GetInt32(), run.GetProperty("updated").GetInt32(), run.GetProperty("unchanged").GetInt32()));
        Assert.Equal(["1", "2", "3"], (await host.IdsAsync("orders")).Order());
        var again = await host.GetAsync("/data/orders?id=2");
        Assert.Equal("item 2 again", again.GetProperty("data")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task HttpJson_BeforeTheFirstRun_SourceSaysNeverUpdatedThenJustNow()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(3);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage));

        var before = (await host.GetAsync("/data/orders")).GetProperty("metadata");
        var source = await host.GetAsync("/sources/orders");

        Assert.Equal(("never updated", "very_stale"), (before.GetProperty("data_freshness").GetString(), before.GetProperty("staleness_indicator").GetString()));
        Assert.Equal(("ingested", "orders"), (source.GetProperty("data").GetProperty("kind").GetString(), source.GetProperty("data").GetProperty("connector").GetString()));
        Assert.Equal("orders has no orders yet.", source.GetProperty("metadata").GetProperty("voice_context").GetString());
        await host.RunAsync("orders");
        var after = (await host.GetAsync("/data/orders")).GetProperty("metadata");
        Assert.Equal(("just now", "fresh"), (after.GetProperty("data_freshness").GetString(), after.GetProperty("staleness_indicator").GetString()));
    }

    [Fact]
    public async Task HttpJson_ServerErrorAtPage2_RetryResumesThereAndEveryRecordIsOnce()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(250);
        upstream.Arm(2, "500");
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage));

        var first = await host.RunAsync("orders");
        Assert.Equal("failed", first.GetProperty("status").GetString());
        Assert.Equal(1, first.GetProperty("pages").GetInt32());
        Assert.Contains("500", first.GetProperty("error").GetString());
        // The queue retries on its own; the retry starts at page 2, the page the checkpoint names.
        var retry = await host.WaitForAsync(r => r.RunId > first.GetProperty("run_id").GetInt64());
        var retried = await host.GetRunAsync(retry.RunId);

        Assert.Equal("succeeded", retried.GetProperty("status").GetString());
        Assert.Equal("retry", retried.GetProperty("trigger").GetString());
        Assert.Equal(2, retried.GetProperty("pages").GetInt32());
        Assert.Equal(150, retried.GetProperty("inserted").GetInt32());
        // Page 1, the 500 at page 2, then pages 2 and 3 (a short page ends the run): page 1 is never asked again.
        Assert.Equal(4, upstream.Requests);
        var ids = await host.IdsAsync("orders");
        Assert.Equal(250, ids.Count);
        Assert.Equal(250, ids.Distinct().Count());
    }

    [Fact]
    public async Task HttpJson_TooManyRequests_RunFailsThenRetryAfterHonouredAndSucceeds()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(120);
        upstream.Arm(1, "429");
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage));

        var first = await host.RunAsync("orders");
        var retry = await host.WaitForAsync(r => r.RunId > first.GetProperty("run_id").GetInt64());
        var retried = await host.GetRunAsync(retry.RunId);

        Assert.Contains("429", first.GetProperty("error").GetString());
        Assert.True(retried.GetProperty("status").GetString() == "succeeded", $"the retry ended {retried}");
        // Retry-After: 1 means the retry starts no sooner than a second after the 429.
        var gap = retried.GetProperty("started_at").GetDateTimeOffset() - first.GetProperty("ended_at").GetDateTimeOffset();
        Assert.True(gap >= TimeSpan.FromMilliseconds(900), $"retried after {gap.TotalMilliseconds} ms");
        Assert.Equal(120, (await host.IdsAsync("orders")).Count);
    }

    [Fact]
    public async Task HttpJson_MalformedBodyAtPage2_KeepsPage1AndNamesTheFault()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(250);
        upstream.Arm(2, "garbage");
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage));

        var first = await host.RunAsync("orders");

        Assert.Equal("failed", first.GetProperty("status").GetString());
        Assert.Contains("not JSON", first.GetProperty("error").GetString());
        Assert.Equal(100, first.GetProperty("inserted").GetInt32());
        var retry = await host.WaitForAsync(r => r.RunId > first.GetProperty("run_id").GetInt64());
        Assert.Equal(IngestRun.Succeeded, retry.Status);
        Assert.Equal(250, (await host.IdsAsync("orders")).Distinct().Count());
    }

    [Fact]
    public async Task HttpJson_StalledPage_TimesOutAndRetryCompletes()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(150);
        upstream.Arm(2, "stall");
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage).Replace("\"timeout_seconds\": 30", "\"timeout_seconds\": 0.5", StringComparison.Ordinal));

        var first = await host.RunAsync("orders");
        var retry = await host.WaitForAsync(r => r.RunId > first.GetProperty("run_id").GetInt64());

        Assert.Contains("no complete answer within 0.5 s", first.GetProperty("error").GetString());
        Assert.Equal(IngestRun.Succeeded, retry.Status);
        Assert.Equal(150, (await host.IdsAsync("orders")).Count);
    }

    [Fact]
    public async Task HttpJson_SchemaChangesBetweenRuns_DriftInStatsAndHealth()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(40);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage));
        await host.RunAsync("orders");
        upstream.Items = [.. Enumerable.Range(1, 40).Select(i => new FeedItem($$"""{"id": {{i}}, "name": null, "amount": "{{i}}", "region": "eu", "updated": "2026-02-01"}""", "2026-02-01"))];

        var second = await host.RunAsync("orders");

        var kinds = second.GetProperty("drift").EnumerateArray().Select(d => d.GetProperty("kind").GetString() + ":" + d.GetProperty("field").GetString()).ToList();
        Assert.Contains("new_field:region", kinds);
        Assert.Contains("type_changed:amount", kinds);
        Assert.Contains("null_rate_jump:name", kinds);
        var stats = await host.GetAsync("/stats");
        Assert.Equal(3, stats.GetProperty("connectors")[0].GetProperty("drift").GetArrayLength());
        var health = await host.GetAsync("/health/summary");
        Assert.Equal(3, health.GetProperty("ingestion")[0].GetProperty("drift").GetInt32());
        Assert.Equal("string", (await host.GetAsync("/data/orders?id=7")).GetProperty("data")[0].GetProperty("amount").ValueKind.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task HttpJson_IncrementalParameter_AsksOnlyForRecordsAfterTheLastRun()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(30, "2026-01-01T00:00:00Z");
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage,
            """, "incremental": {"param": "updated_since", "field": "updated"}"""));
        await host.RunAsync("orders");
        upstream.Items = [.. upstream.Items, new FeedItem("""{"id": 31, "name": "late", "amount": 1, "updated": "2026-03-01T00:00:00Z"}""", "2026-03-01T00:00:00Z")];

        var second = await host.RunAsync("orders");

        Assert.Equal(1, second.GetProperty("fetched").GetInt32());
        Assert.Equal(1, second.GetProperty("inserted").GetInt32());
        Assert.Equal(31, (await host.IdsAsync("orders")).Count);
    }

    [Fact]
    public async Task HttpJson_InvalidRecords_GoToRejectedWithReasonsNotToTheSource()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = [.. FeedServer.Numbered(3), new("""{"name": "no id"}""", ""), new("""[1, 2]""", ""), new("""{"id": 9, "name": null}""", "")];
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage, """, "required_fields": ["name"]"""));

        var run = await host.RunAsync("orders");

        Assert.Equal(3, run.GetProperty("rejected").GetInt32());
        Assert.Equal(3, (await host.IdsAsync("orders")).Count);
        var reasons = (await host.GetAsync("/stats")).GetProperty("connectors")[0].GetProperty("recent_rejected").EnumerateArray()
            .Select(r => r.GetProperty("reason").GetString()).ToList();
        Assert.Contains("no id field 'id'", reasons);
        Assert.Contains("not a JSON object but array", reasons);
        Assert.Contains("required field 'name' is missing or null", reasons);
    }

    [Fact]
    public async Task HttpJson_LoopbackNotNamed_RefusedBeforeAnyRequest()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(5);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage).Replace("\"allow_addresses\": [\"127.0.0.1\"],", "", StringComparison.Ordinal));

        var run = await host.RunAsync("orders");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("private or loopback addresses", run.GetProperty("error").GetString());
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public async Task HttpJson_InjectedFaultSetting_FailsTheNamedPage()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(250);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage), new() { ["UDC_INGEST_FAULTS"] = "orders:3:garbage" });

        var run = await host.RunAsync("orders");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("pages").GetInt32());
        Assert.Contains("page 3", run.GetProperty("error").GetString());
    }
}
