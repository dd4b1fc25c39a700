using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Ingestion;

/// <summary>Two replicas, each with its own SQLite file, sharing a real redis-server.</summary>
public sealed class IngestReplicaTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoReplicas_RunAskedOfBoth_OneRunsAndBothServeTheRows()
    {
        await using var upstream = await FeedServer.StartAsync();
        upstream.Items = FeedServer.Numbered(250);
        upstream.PageDelay = TimeSpan.FromMilliseconds(200);
        var connectors = Path.Combine(Directory.CreateTempSubdirectory("udc-connectors-").FullName, "connectors.jsonc");
        await File.WriteAllTextAsync(connectors, $$$"""
            {"connectors": {"orders": {"type": "http_json", "url": "{{{upstream.BaseAddress}}}page", "records": "/data", "id_field": "id",
              "pagination": {"type": "page", "size_param": "per_page", "size": 100}, "allow_addresses": ["127.0.0.1"], "run_at_start": false } } }
            """, Token);
        await using var replicas = await RedisReplicas.StartAsync();
        (string, string)[] settings = [("UDC_CONNECTORS", connectors), ("UDC_WORK_POLL_MS", "50")];
        var first = await replicas.StartReplicaAsync(settings);
        var second = await replicas.StartReplicaAsync(settings);

        var runs = await Task.WhenAll(RequestRunAsync(first), RequestRunAsync(second));
        await RedisReplicas.WaitUntilAsync(async () => await CountAsync(first) == 250 && await CountAsync(second) == 250, "both replicas serving 250 rows");
        var statuses = new[] { await StatusAsync(first, runs[0]), await StatusAsync(second, runs[1]) };

        // One pass over the upstream: three pages, once.
        Assert.Equal(3, upstream.Requests);
        Assert.Contains("succeeded", statuses);
        Assert.Contains("skipped", statuses);
        using var one = JsonDocument.Parse(await second.Client.GetStringAsync("/data/orders?id=200", Token));
        Assert.Equal("item 200", one.RootElement.GetProperty("data")[0].GetProperty("name").GetString());
    }

    private static async Task<long> RequestRunAsync(UdcTestServer server)
    {
        using var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, "/ingest/orders/run"), Token);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        return body.RootElement.GetProperty("run_id").GetInt64();
    }

    private static async Task<long> CountAsync(UdcTestServer server)
    {
        var text = await server.Client.GetStringAsync("/data/orders?page_size=1", Token);
        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("metadata").TryGetProperty("total_results", out var total) ? total.GetInt64() : throw new InvalidOperationException(text);
    }

    private static async Task<string> StatusAsync(UdcTestServer server, long runId)
    {
        string status = "";
        await RedisReplicas.WaitUntilAsync(async () =>
        {
            using var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, $"/ingest/runs/{runId}"), Token);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
            status = body.RootElement.GetProperty("status").GetString()!;
            return status is not ("queued" or "running");
        }, $"run {runId} to end");
        return status;
    }
}
