using Microsoft.Extensions.DependencyInjection;
using Udc.Ingestion.Storage;
using Udc.Outbound;
using Udc.Storage;
using Udc.Tests.TestSupport;
using static Udc.Tests.Ingestion.HttpJsonIngestionTests;

namespace Udc.Tests.Ingestion;

/// <summary>
/// What decides when a connector runs and how hard it pulls: its schedule (an interval or a cron expression), its
/// page cap, its conditional request by date alone, its outbound rate limit and its circuit breaker.
/// </summary>
public sealed class HttpJsonRunControlTests
{
    [Theory]
    [InlineData("1s")]
    [InlineData("* * * * * *")]
    public async Task Schedule_IntervalOrCron_RunsComeDueUnaskedAndRecur(string schedule)
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(30);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage, $$""", "schedule": "{{schedule}}" """));

        var first = await host.WaitForAsync(_ => true);
        var second = await host.WaitForAsync(r => r.RunId > first.RunId);

        var run = await host.GetRunAsync(first.RunId);
        Assert.Equal("schedule", run.GetProperty("trigger").GetString());
        Assert.Equal(IngestRun.Succeeded, first.Status);
        Assert.Equal(IngestRun.NotModified, second.Status);
        Assert.Equal(30, (await host.IdsAsync("orders")).Count);
    }

    [Fact]
    public async Task KilledMidRun_LeaseOutlivesTheClaim_RunResumesOnceTheLeaseLapses()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(120);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage), new() { ["UDC_WORK_LEASE_SECONDS"] = "1" });
        // What a process killed mid-run leaves: its run marked running, and its connector lease with a moment to go.
        var store = host.Server.Services.GetRequiredService<IngestStore>();
        var killed = store.StartRun("orders", "schedule", DateTimeOffset.UtcNow);
        using (var connection = store.Database.Open(Durability.Full))
        using (var lease = connection.CreateCommand())
        {
            lease.CommandText = "INSERT INTO leases (name, owner, expires_at) VALUES ('ingest:orders', 'a-killed-process', $until);";
            lease.Parameters.AddWithValue("$until", DateTimeOffset.UtcNow.AddMilliseconds(500).ToUnixTimeMilliseconds());
            lease.ExecuteNonQuery();
        }

        var requested = await host.RequestRunAsync("orders");
        var run = await host.WaitForAsync(_ => true);

        Assert.Equal((requested, IngestRun.Succeeded), (run.RunId, run.Status));
        Assert.Equal("interrupted", (await host.GetRunAsync(killed)).GetProperty("status").GetString());
        Assert.Equal(120, (await host.IdsAsync("orders")).Count);
    }

    [Fact]
    public async Task MaxPages_RunStopsAtTheCap_NextRunGoesOnFromThere()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(250);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage, """, "max_pages": 2"""));

        var first = await host.RunAsync("orders");
        Assert.Equal(2, first.GetProperty("pages").GetInt32());
        Assert.Equal(200, first.GetProperty("inserted").GetInt32());
        Assert.Equal(2, upstream.Requests);

        var second = await host.RunAsync("orders");

        Assert.Equal(IngestRun.Succeeded, second.GetProperty("status").GetString());
        Assert.Equal(50, second.GetProperty("inserted").GetInt32());
        Assert.Contains("page=3", upstream.Arrivals.Last().Target, StringComparison.Ordinal);
        var ids = await host.IdsAsync("orders");
        Assert.Equal(250, ids.Distinct().Count());
        Assert.Equal(250, ids.Count);
    }

    [Fact]
    public async Task Conditional_LastModifiedOnly_SecondRunIsOneRequestAnswered304()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(120);
        upstream.ETags = false;
        upstream.LastModified = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage));
        await host.RunAsync("orders");
        var before = upstream.Requests;

        var second = await host.RunAsync("orders");

        Assert.Equal(IngestRun.NotModified, second.GetProperty("status").GetString());
        Assert.Equal(1, upstream.Requests - before);
        Assert.Equal(1, upstream.NotModifiedAnswers);
        upstream.LastModified = upstream.LastModified.Value.AddHours(1);
        upstream.Items = [.. upstream.Items, new FeedItem("""{"id": 121, "name": "new", "amount": 2, "updated": "2026-12-01"}""", "2026-12-01")];
        var third = await host.RunAsync("orders");
        Assert.Equal(1, third.GetProperty("inserted").GetInt32());
    }

    [Fact]
    public async Task RateLimit_TwoRequestsPerSecond_FivePagesSpreadOverTwoSeconds()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(450);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage, """, "requests_per_second": 2"""));

        var run = await host.RunAsync("orders");

        Assert.Equal(5, run.GetProperty("pages").GetInt32());
        var arrivals = upstream.Arrivals.Select(a => a.At).ToList();
        // Two at once, two a second later, the fifth a second after that: at least 1.5 s from first to last.
        var spread = arrivals[^1] - arrivals[0];
        Assert.True(spread >= TimeSpan.FromSeconds(1.5), $"5 requests within {spread.TotalMilliseconds:0} ms at 2 per second");
        Assert.Equal(450, (await host.IdsAsync("orders")).Count);
    }

    [Fact]
    public async Task CircuitOpen_RunRefusedWithoutARequest_ThenRunsAgainOnItsOwnWithoutSpendingAnAttempt()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(40);
        await using var host = await IngestHost.StartAsync(Connector(upstream.BaseAddress, "page", ByPage));
        // Three failures in a row, as three failed runs would leave them: the connector's circuit opens for 1 s.
        var targets = host.Server.Services.GetRequiredService<OutboundTargets>();
        for (var i = 0; i < 3; i++)
        {
            targets.Failed("ingest:orders");
        }

        var refused = await host.RunAsync("orders");
        var later = await host.WaitForAsync(r => r.RunId > refused.GetProperty("run_id").GetInt64());

        Assert.Equal(IngestRun.Failed, refused.GetProperty("status").GetString());
        Assert.Contains("circuit is open", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(IngestRun.Succeeded, later.Status);
        // The wait was not a retry: the queue ran the item again as due, not as attempt 2.
        Assert.Equal("schedule", (await host.GetRunAsync(later.RunId)).GetProperty("trigger").GetString());
        Assert.Single(upstream.Arrivals);
        Assert.Equal(40, (await host.IdsAsync("orders")).Count);
    }
}
