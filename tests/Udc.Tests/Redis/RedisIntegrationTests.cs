using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Redis;

/// <summary>
/// Two UDC replicas and a real redis-server on loopback: the shared cache, cross-replica invalidation and
/// webhooks, shared rate limits, and Redis killed or hung under load.
/// </summary>
[Collection(nameof(RedisCollection))]
public sealed class RedisIntegrationTests : IAsyncLifetime
{
    private RedisReplicas? _replicas;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private RedisServer Redis => _replicas!.Redis;

    public async ValueTask InitializeAsync() => _replicas = await RedisReplicas.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_replicas is not null)
        {
            await _replicas.DisposeAsync();
        }
    }

    private Task<UdcTestServer> ReplicaAsync(params (string, string)[] extra) => _replicas!.StartReplicaAsync(extra);

    private static Task WaitForRedisAsync(UdcTestServer server, string status = "connected") => RedisReplicas.WaitForRedisAsync(server, status);

    private static async Task<(HttpStatusCode Status, string? Cache, string Body)> GetAsync(UdcTestServer server, string url)
    {
        using var response = await server.Client.GetAsync(url, Token);
        return (response.StatusCode, response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null, await response.Content.ReadAsStringAsync(Token));
    }

    private async Task WaitForCachedKeysAsync(int count)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var reply = await Redis.CommandAsync("KEYS", "udc:cache:*");
            if (reply.StartsWith('*') && int.Parse(reply[1..reply.IndexOf('\r', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture) >= count)
            {
                return;
            }
            await Task.Delay(10, Token);
        }
        throw new TimeoutException("the cache entry never reached Redis");
    }

    [Fact]
    public async Task SharedCache_SecondReplica_HitsFromRedis()
    {
        var first = await ReplicaAsync();
        var second = await ReplicaAsync();
        var a = await GetAsync(first, "/data/crm?status=active");
        Assert.Equal("miss", a.Cache);
        await WaitForCachedKeysAsync(1);
        var b = await GetAsync(second, "/data/crm?status=active");
        Assert.Equal("hit", b.Cache);
        Assert.Equal(a.Body, b.Body);
        using var summary = await AccessFixture.SummaryAsync(second.Client);
        Assert.Equal(1, summary.RootElement.GetProperty("cache").GetProperty("redis_hits").GetInt64());
    }

    [Fact]
    public async Task AdminInvalidate_OnOneReplica_OtherReplicaMissesWhenCallReturns()
    {
        var first = await ReplicaAsync();
        var second = await ReplicaAsync();
        await GetAsync(first, "/data/crm");
        await GetAsync(second, "/data/crm");
        Assert.Equal("hit", (await GetAsync(second, "/data/crm")).Cache);
        using (var response = await first.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, "/cache/invalidate?source=crm"), Token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal("miss", (await GetAsync(second, "/data/crm")).Cache);
    }

    [Fact]
    public async Task Webhook_OnOneReplica_OtherReplicaServesChangeWhenCallReturns()
    {
        var first = await ReplicaAsync();
        var second = await ReplicaAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(second, "/data/crm/4001")).Status);
        using (var response = await first.Client.SendAsync(AccessFixture.SignedWebhook("msg_replicas", AccessFixture.UpsertCustomer(4001, "Everywhere")), Token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var onSecond = await GetAsync(second, "/data/crm/4001");
        Assert.Equal(HttpStatusCode.OK, onSecond.Status);
        Assert.Contains("Everywhere", onSecond.Body);
        // The other replica stored the event in its own database too, so it survives its restart as well.
        using var events = await second.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/webhooks/events"), Token);
        Assert.Contains("msg_replicas", await events.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task FileReload_OnOneReplica_OtherReplicaDropsItsEntries()
    {
        var first = await ReplicaAsync();
        var second = await ReplicaAsync();
        await GetAsync(second, "/data/crm");
        Assert.Equal("hit", (await GetAsync(second, "/data/crm")).Cache);
        var firstDirectory = first.DataDirectory;
        File.WriteAllText(Path.Combine(firstDirectory, "customers.json.tmp"), """[{"customer_id": 1, "name": "Only", "status": "active", "created_at": "2024-01-01T00:00:00Z"}]""");
        File.Move(Path.Combine(firstDirectory, "customers.json.tmp"), Path.Combine(firstDirectory, "customers.json"), overwrite: true);
        var deadline = Stopwatch.StartNew();
        string? cache = "hit";
        while (cache == "hit" && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, Token);
            cache = (await GetAsync(second, "/data/crm")).Cache;
        }
        Assert.Equal("miss", cache);
        Assert.Contains("\"total_results\":1,", (await GetAsync(first, "/data/crm")).Body);
    }

    [Fact]
    public async Task ApiKey_CreatedAndRevokedOnOneReplica_HoldsOnTheOther()
    {
        var first = await ReplicaAsync(("AUTH_ENABLED", "true"));
        var second = await ReplicaAsync(("AUTH_ENABLED", "true"));
        var (id, key) = await AccessFixture.CreateKeyAsync(first.Client);
        using (var response = await second.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", key), Token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using (var revoke = await first.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, $"/auth/api-keys/{id}/revoke"), Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        using var after = await second.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", key), Token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task RateLimits_SharedByReplicas()
    {
        var first = await ReplicaAsync(("RATE_LIMIT_PER_SOURCE", "4"));
        var second = await ReplicaAsync(("RATE_LIMIT_PER_SOURCE", "4"));
        foreach (var server in new[] { first, second, first, second })
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(server, "/data/support")).Status);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(first, "/data/support")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(second, "/data/support")).Status);
    }

    [Fact]
    public async Task RedisKilled_UnderLoad_NoFailedRequest_ThenRecovers()
    {
        var first = await ReplicaAsync(("RATE_LIMIT_PER_SOURCE", "1000000"));
        var second = await ReplicaAsync(("RATE_LIMIT_PER_SOURCE", "1000000"));
        var load = LoadAsync([first, second], TimeSpan.FromSeconds(4));
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        Redis.Kill();
        var (requests, failures) = await load;
        Assert.True(requests > 50, $"only {requests} requests were made");
        Assert.Empty(failures);

        await Redis.RestartAsync();
        await WaitForRedisAsync(first);
        await WaitForRedisAsync(second);
        Assert.Equal("miss", (await GetAsync(first, "/data/crm?status=recovered")).Cache);
        await WaitForCachedKeysAsync(1);
        Assert.Equal("hit", (await GetAsync(second, "/data/crm?status=recovered")).Cache);
        await AssertBusWorksAsync(first, second);
    }

    /// <summary>After an outage the bus is back too: an invalidation on one replica reaches the other.</summary>
    private static async Task AssertBusWorksAsync(UdcTestServer first, UdcTestServer second)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await GetAsync(second, "/data/analytics");
            Assert.Equal("hit", (await GetAsync(second, "/data/analytics")).Cache);
            using (var response = await first.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, "/cache/invalidate?source=analytics"), Token))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            // The subscription is re-established by the client shortly after the connection; allow for that.
            if ((await GetAsync(second, "/data/analytics")).Cache == "miss")
            {
                return;
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the bus did not come back within 10 s");
            await Task.Delay(100, Token);
        }
    }

    [Fact]
    public async Task RedisHung_UnderLoad_NoFailedRequest_BoundedLatency_ThenRecovers()
    {
        var first = await ReplicaAsync(("RATE_LIMIT_PER_SOURCE", "1000000"));
        var second = await ReplicaAsync(("RATE_LIMIT_PER_SOURCE", "1000000"));
        var load = LoadAsync([first], TimeSpan.FromSeconds(4));
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        Redis.Pause();
        var (requests, failures) = await load;
        Assert.Empty(failures);
        Assert.True(requests > 50, $"only {requests} requests were made");
        await WaitForRedisAsync(first, "circuit_open");

        Redis.Resume();
        await WaitForRedisAsync(first);
        using var summary = await AccessFixture.SummaryAsync(first.Client);
        Assert.True(summary.RootElement.GetProperty("redis").GetProperty("circuit_trips").GetInt32() >= 1);
        await WaitForRedisAsync(second);
        await AssertBusWorksAsync(first, second);
    }

    /// <summary>
    /// Four concurrent clients per replica, each request bounded at 2 s, for a fixed time: every request must
    /// be answered 200 within its bound. Queries vary so the cache both misses and hits.
    /// </summary>
    private static async Task<(int Requests, List<string> Failures)> LoadAsync(IReadOnlyList<UdcTestServer> servers, TimeSpan duration)
    {
        var failures = new List<string>();
        var requests = 0;
        var clock = Stopwatch.StartNew();
        var workers = servers.SelectMany(server => Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            using var client = server.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(2);
            var i = 0;
            while (clock.Elapsed < duration)
            {
                var url = $"/data/support?page={(i++ % 5) + 1}&page_size={worker + 1}";
                try
                {
                    using var response = await client.GetAsync(url, Token);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        lock (failures)
                        {
                            failures.Add($"{url}: {(int)response.StatusCode}");
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    lock (failures)
                    {
                        failures.Add($"{url}: {e.GetType().Name} after {clock.Elapsed}");
                    }
                }
                Interlocked.Increment(ref requests);
            }
        }, Token)));
        await Task.WhenAll(workers);
        return (requests, failures);
    }
}

[CollectionDefinition(nameof(RedisCollection), DisableParallelization = true)]
public sealed class RedisCollection;
