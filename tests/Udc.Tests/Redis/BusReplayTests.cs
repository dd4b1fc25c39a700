using System.Net;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Redis;

/// <summary>
/// The bus's outbox and replay log with real replicas and a real redis-server: messages sent while Redis is down
/// arrive once it is back, a replica cut off from Redis reads what it missed, and nothing is applied twice.
/// Each replica has its own SQLite file, so the bus is the only way a key reaches the other.
/// </summary>
[Collection(nameof(RedisCollection))]
public sealed class BusReplayTests : IAsyncLifetime
{
    private RedisReplicas? _replicas;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private RedisReplicas Replicas => _replicas!;

    public async ValueTask InitializeAsync() => _replicas = await RedisReplicas.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_replicas is not null)
        {
            await _replicas.DisposeAsync();
        }
    }

    /// <summary>Keys on; polling with a key that is refused until a message arrives must not get the address limited.</summary>
    private static readonly (string, string)[] s_keys = [("AUTH_ENABLED", "true"), ("RATE_LIMIT_AUTH_FAILURES", "0")];

    private static async Task<HttpStatusCode> StatusWithKeyAsync(UdcTestServer server, string key)
    {
        using var response = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", key), Token);
        return response.StatusCode;
    }

    private static async Task<string?> CacheOfAsync(UdcTestServer server, string url, string? key = null)
    {
        using var response = await server.Client.SendAsync(key is null ? new HttpRequestMessage(HttpMethod.Get, url) : AccessFixture.WithKey(HttpMethod.Get, url, key), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null;
    }

    private static async Task AdminAsync(UdcTestServer server, HttpMethod method, string url, HttpStatusCode expected)
    {
        using var response = await server.Client.SendAsync(AccessFixture.Admin(method, url), Token);
        Assert.Equal(expected, response.StatusCode);
    }

    private static Task WaitForStatusWithKeyAsync(UdcTestServer server, string key, HttpStatusCode expected) =>
        RedisReplicas.WaitUntilAsync(async () => await StatusWithKeyAsync(server, key) == expected, $"the key answering {(int)expected}");

    private async Task<long> LogLengthAsync()
    {
        var reply = await Replicas.Redis.CommandAsync("XLEN", "udc:bus:log");
        return long.Parse(reply.AsSpan(1, reply.IndexOf('\r', StringComparison.Ordinal) - 1), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task KeyCreatedAndRevoked_WhileRedisIsDown_ReachOtherReplicaWhenRedisIsBack()
    {
        var first = await Replicas.StartReplicaAsync(s_keys);
        var second = await Replicas.StartReplicaAsync(s_keys);

        Replicas.Redis.Kill();
        await RedisReplicas.WaitForRedisAsync(first, "disconnected");
        var (id, key) = await AccessFixture.CreateKeyAsync(first.Client);
        Assert.Equal(1, await RedisReplicas.BusCounterAsync(first, "outbox"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(second, key));

        await Replicas.Redis.RestartAsync();
        await WaitForStatusWithKeyAsync(second, key, HttpStatusCode.OK);
        Assert.Equal(0, await RedisReplicas.BusCounterAsync(first, "outbox"));

        Replicas.Redis.Kill();
        await RedisReplicas.WaitForRedisAsync(first, "disconnected");
        await AdminAsync(first, HttpMethod.Post, $"/auth/api-keys/{id}/revoke", HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(first, key));
        // Only the bus can tell the other replica: its own database still has the key as valid.
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(second, key));

        await Replicas.Redis.RestartAsync();
        await WaitForStatusWithKeyAsync(second, key, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ReplicaCutOffFromRedis_AppliesWhatItMissedFromTheLog_WhenBack()
    {
        await using var proxy = TcpProxy.Start(Replicas.Redis.Port);
        var first = await Replicas.StartReplicaAsync(s_keys);
        var second = await Replicas.StartReplicaAsync(proxy.RedisUrl, s_keys);
        var (revokedId, revokedKey) = await AccessFixture.CreateKeyAsync(first.Client);
        var (_, readerKey) = await AccessFixture.CreateKeyAsync(first.Client);
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(second, revokedKey));
        await CacheOfAsync(second, "/data/support", readerKey);
        Assert.Equal("hit", await CacheOfAsync(second, "/data/support", readerKey));
        var replayedBefore = await RedisReplicas.BusCounterAsync(second, "replayed");

        proxy.Cut();
        await RedisReplicas.WaitForRedisAsync(second, "disconnected");
        var (_, newKey) = await AccessFixture.CreateKeyAsync(first.Client);
        await AdminAsync(first, HttpMethod.Post, $"/auth/api-keys/{revokedId}/revoke", HttpStatusCode.NoContent);
        await AdminAsync(first, HttpMethod.Post, "/cache/invalidate?source=support", HttpStatusCode.OK);
        Assert.Equal(0, await RedisReplicas.BusCounterAsync(first, "outbox"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(second, newKey));

        proxy.Restore();
        await WaitForStatusWithKeyAsync(second, newKey, HttpStatusCode.OK);
        await RedisReplicas.WaitUntilAsync(async () => await RedisReplicas.BusCounterAsync(second, "replayed") == replayedBefore + 3, "three messages replayed");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(second, revokedKey));
        Assert.Equal("miss", await CacheOfAsync(second, "/data/support", readerKey));
    }

    /// <summary>
    /// Redis hangs after taking a message in: the sender's call times out, so it keeps the message and sends it
    /// again once its circuit closes, and the log holds several copies. The other replica gets the first live
    /// and, cut off meanwhile, the last from the log: it applies the message once.
    /// </summary>
    [Fact]
    public async Task MessageReceivedLiveAndAgainFromTheLog_IsAppliedOnce()
    {
        await using var proxy = TcpProxy.Start(Replicas.Redis.Port);
        var first = await Replicas.StartReplicaAsync();
        var second = await Replicas.StartReplicaAsync(proxy.RedisUrl);
        var appliedBefore = await RedisReplicas.BusCounterAsync(second, "applied");
        var duplicatesBefore = await RedisReplicas.BusCounterAsync(second, "duplicates");

        Replicas.Redis.Pause();
        await AdminAsync(first, HttpMethod.Post, "/cache/invalidate?source=crm", HttpStatusCode.OK);
        // Open the sender's circuit (three timed-out calls), so it sends the message again only after its probe,
        // a second or more after Redis resumes: time to cut the other replica off before that.
        var page = 0;
        await RedisReplicas.WaitUntilAsync(async () =>
        {
            await CacheOfAsync(first, $"/data/support?page={++page}");
            return (await RedisReplicas.RedisSummaryAsync(first)).GetProperty("status").GetString() == "circuit_open";
        }, "the sender's circuit open");
        Assert.Equal(1, await RedisReplicas.BusCounterAsync(first, "outbox"));

        // Redis runs what it was sent while hung: the message, and any retry that timed out as well.
        Replicas.Redis.Resume();
        await RedisReplicas.WaitUntilAsync(async () => await RedisReplicas.BusCounterAsync(second, "applied") > appliedBefore, "the first copy applied");
        proxy.Cut();
        var copiesBeforeCut = await LogLengthAsync();
        await RedisReplicas.WaitUntilAsync(async () => await RedisReplicas.BusCounterAsync(first, "outbox") == 0, "the sender's outbox sent");
        var copies = await LogLengthAsync();
        Assert.True(copies > copiesBeforeCut, $"no copy was sent while the replica was cut off ({copies} in the log)");

        proxy.Restore();
        await RedisReplicas.WaitUntilAsync(async () => await RedisReplicas.BusCounterAsync(second, "duplicates") == duplicatesBefore + copies - 1, "every other copy recognised");
        Assert.Equal(appliedBefore + 1, await RedisReplicas.BusCounterAsync(second, "applied"));
        Assert.Equal(0, await RedisReplicas.BusCounterAsync(second, "replayed"));
    }
}
