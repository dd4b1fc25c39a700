using Udc.Background;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Background;

public sealed class LeaseStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryAcquire_SharedDatabase_OneHolderUntilReleased()
    {
        await using var a = new BackgroundParts();
        await using var b = new BackgroundParts(shared: a.Directory);

        var held = await a.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(30));
        Assert.NotNull(held);
        Assert.Null(await b.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(30)));
        Assert.NotNull(await b.Leases.TryAcquireAsync("ingest:other", TimeSpan.FromSeconds(30)));

        await held.DisposeAsync();
        Assert.NotNull(await b.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task TryAcquire_HolderStoppedRenewing_FreeOnceExpired()
    {
        var time = new ManualTimeProvider();
        await using var a = new BackgroundParts(time);
        await using var b = new BackgroundParts(time, shared: a.Directory);
        Assert.NotNull(await a.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(10)));

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Null(await b.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(10)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await b.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    [Trait("Category", "Redis")]
    public async Task TryAcquire_Redis_OneReplicaHoldsItAndItExpiresWhenThatReplicaDies()
    {
        Assert.SkipUnless(RedisServer.IsInstalled, "redis-server is not installed");
        await using var redis = await RedisServer.StartAsync();
        await using var a = new BackgroundParts(redisUrl: redis.Url);
        await using var b = new BackgroundParts(redisUrl: redis.Url);
        a.Redis.Start();
        b.Redis.Start();
        await RedisReplicas.WaitUntilAsync(() => Task.FromResult(a.Redis.IsAvailable && b.Redis.IsAvailable), "both connected");

        var held = await a.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(1));
        Assert.NotNull(held);
        Assert.Null(await b.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(1)));
        // Still held after several renewals.
        await Task.Delay(TimeSpan.FromSeconds(1.5), Token);
        Assert.Null(await b.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(1)));
        Assert.False(held.Lost.IsCancellationRequested);

        // The holder's connection goes (as when its process dies): its renewals stop, the key expires.
        await a.Redis.DisposeAsync();
        Lease? taken = null;
        await RedisReplicas.WaitUntilAsync(async () => (taken = await b.Leases.TryAcquireAsync("ingest:feed", TimeSpan.FromSeconds(1))) is not null, "the lease to expire");
        await using (taken)
        {
            using var lost = CancellationTokenSource.CreateLinkedTokenSource(held.Lost, Token);
            lost.CancelAfter(RedisReplicas.Timeout);
            await Task.Delay(Timeout.Infinite, lost.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            Assert.True(held.Lost.IsCancellationRequested);
        }
        await held.DisposeAsync();
    }
}
