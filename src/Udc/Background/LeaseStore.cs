using StackExchange.Redis;
using Udc.Redis;
using Udc.Storage;

namespace Udc.Background;

/// <summary>
/// Named leases: at most one holder at a time, and a holder that dies loses it when it expires. With Redis, a key
/// set with <c>NX PX</c> (one holder among every replica); without, a row in the <c>leases</c> table (one holder
/// among the processes sharing the database file). With Redis configured but unreachable no lease is granted:
/// two replicas both believing they hold one is worse than a run that waits for Redis.
/// </summary>
internal sealed class LeaseStore(SqliteDatabase database, RedisConnection redis, RedisBus bus, TimeProvider time)
{
    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    /// <summary>This process's name as a holder.</summary>
    public string Owner => bus.ReplicaId;

    /// <summary>
    /// Takes the lease named <paramref name="name"/> for <paramref name="ttl"/> and keeps renewing it until disposed;
    /// null when another process holds it. Watch <see cref="Lease.Lost"/>: it is cancelled if a renewal fails.
    /// </summary>
    public async Task<Lease?> TryAcquireAsync(string name, TimeSpan ttl)
    {
        var acquired = await RenewAsync(name, ttl, first: true);
        return acquired == LeaseCheck.Held ? new Lease(this, name, ttl, time) : null;
    }

    /// <summary>Takes or extends the lease.</summary>
    internal async Task<LeaseCheck> RenewAsync(string name, TimeSpan ttl, bool first)
    {
        if (redis.IsConfigured)
        {
            var key = (RedisKey)$"udc:lease:{name}";
            var owner = Owner;
            var (ok, held) = await redis.RunAsync(async db => first
                ? await db.StringSetAsync(key, owner, ttl, When.NotExists)
                : (long)await db.ScriptEvaluateAsync(RenewScript, [key], [owner, (long)ttl.TotalMilliseconds]) == 1);
            return !ok ? LeaseCheck.Unknown : held ? LeaseCheck.Held : LeaseCheck.Refused;
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = database.BeginWrite(Durability.Full);
        using var command = write.Command("""
            INSERT INTO leases (name, owner, expires_at) VALUES ($name, $owner, $until)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE leases.owner = excluded.owner OR leases.expires_at <= $now;
            """);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$owner", Owner);
        command.Parameters.AddWithValue("$until", now + (long)ttl.TotalMilliseconds);
        command.Parameters.AddWithValue("$now", now);
        var taken = command.ExecuteNonQuery() == 1;
        write.Commit();
        return taken ? LeaseCheck.Held : LeaseCheck.Refused;
    }

    internal async Task ReleaseAsync(string name)
    {
        if (redis.IsConfigured)
        {
            var key = (RedisKey)$"udc:lease:{name}";
            var owner = Owner;
            await redis.RunAsync(db => db.ScriptEvaluateAsync(ReleaseScript, [key], [owner]));
            return;
        }
        using var write = database.BeginWrite(Durability.Full);
        using var command = write.Command("DELETE FROM leases WHERE name = $name AND owner = $owner;");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$owner", Owner);
        command.ExecuteNonQuery();
        write.Commit();
    }
}

/// <summary>A lease request's answer: held, refused (another holder), or unknown (the store did not answer in time).</summary>
internal enum LeaseCheck
{
    Held,
    Refused,
    Unknown,
}
