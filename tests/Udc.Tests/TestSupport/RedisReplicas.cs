using System.Diagnostics;
using System.Text.Json;
using Udc.Engine.Generation;

namespace Udc.Tests.TestSupport;

/// <summary>
/// A real redis-server on loopback and the UDC replicas sharing it, each over its own copy of the demo data and
/// so its own SQLite file, as replicas on separate hosts have.
/// </summary>
internal sealed class RedisReplicas : IAsyncDisposable
{
    /// <summary>Every wait for something to happen on a replica gives up after this long.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly List<UdcTestServer> _servers = [];
    private readonly List<string> _directories = [];

    private RedisReplicas(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<RedisReplicas> StartAsync() => new(await RedisServer.StartAsync());

    /// <summary>A replica connected to Redis directly; waits until it is connected and subscribed.</summary>
    public Task<UdcTestServer> StartReplicaAsync(params (string Name, string Value)[] settings) => StartReplicaAsync(Redis.Url, settings);

    /// <summary>A replica reaching Redis through <paramref name="redisUrl"/> (a <see cref="TcpProxy"/>, say).</summary>
    public async Task<UdcTestServer> StartReplicaAsync(string redisUrl, params (string Name, string Value)[] settings)
    {
        var directory = Directory.CreateTempSubdirectory("udc-replica-").FullName;
        _directories.Add(directory);
        DemoDataGenerator.Write(directory, new DemoDataOptions());
        var server = await UdcTestServer.StartAsync(directory, AccessFixture.Settings([("AUTH_ENABLED", "false"), ("REDIS_URL", redisUrl), .. settings]));
        _servers.Add(server);
        await WaitForRedisAsync(server);
        return server;
    }

    /// <summary>The replica's <c>redis</c> object in <c>/health/summary</c>.</summary>
    public static async Task<JsonElement> RedisSummaryAsync(UdcTestServer server)
    {
        using var summary = await AccessFixture.SummaryAsync(server.Client);
        return summary.RootElement.GetProperty("redis").Clone();
    }

    /// <summary>One of the bus's counters (<c>applied</c>, <c>replayed</c>, <c>duplicates</c>, <c>outbox</c>...).</summary>
    public static async Task<long> BusCounterAsync(UdcTestServer server, string name) =>
        (await RedisSummaryAsync(server)).GetProperty("bus").GetProperty(name).GetInt64();

    /// <summary>Waits for <c>redis.status</c>; for <c>connected</c>, also for the bus to be subscribed.</summary>
    public static Task WaitForRedisAsync(UdcTestServer server, string status = "connected") =>
        WaitUntilAsync(async () =>
        {
            var redis = await RedisSummaryAsync(server);
            return redis.GetProperty("status").GetString() == status
                && (status != "connected" || redis.GetProperty("bus").GetProperty("subscribed").GetBoolean());
        }, $"Redis status {status}");

    /// <summary>Polls until the condition holds; fails the test after <see cref="Timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"{what}: not reached within {Timeout.TotalSeconds} s");
            }
            await Task.Delay(50, Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
        await Redis.DisposeAsync();
    }
}
