using StackExchange.Redis;
using Udc.Redis;
using Udc.Storage;

namespace Udc.Background;

/// <summary>
/// With Redis, new work travels on a Redis Stream read by one consumer group, so every replica is a worker and
/// each item is handed to one of them at once; an entry read by a replica that died is taken over with
/// <c>XAUTOCLAIM</c> once it has been idle for a lease. The stream only carries item ids: the claim in SQLite decides
/// who runs an item, so a duplicate or lost entry delays work by at most a poll, never runs it twice. Without
/// Redis (or while it is down) every call here is a no-op and workers find work by polling the table.
/// </summary>
internal sealed partial class WorkStream(RedisConnection redis, SqliteDatabase database, BackgroundSettings settings, TimeProvider time, ILogger<WorkStream> logger)
{
    public const string Group = "workers";

    /// <summary>A stream longer than this is trimmed (approximately): entries are hints, and the table keeps the work.</summary>
    private const int MaxLength = 100_000;

    private readonly Lazy<(RedisKey Stream, RedisChannel Wake)> _keys = new(() =>
    {
        var id = database.Meta("database_id");
        return ($"udc:work:{id}", RedisChannel.Literal($"udc:work:{id}:wake"));
    });

    private long _lastReclaim;

    public bool IsConfigured => redis.IsConfigured;

    /// <summary>Creates the group and listens for wake-ups from other replicas; <paramref name="wake"/> wakes this replica's workers.</summary>
    public void Start(Action wake)
    {
        if (!redis.IsConfigured)
        {
            return;
        }
        redis.Connected += multiplexer =>
        {
            _ = CreateGroupAsync();
            multiplexer.GetSubscriber().Subscribe(_keys.Value.Wake, (_, _) => wake());
        };
    }

    /// <summary>Adds an item's id to the stream and wakes every replica; fire-and-forget (polling covers a loss).</summary>
    public void Publish(long itemId)
    {
        if (!redis.IsConfigured)
        {
            return;
        }
        var (stream, channel) = _keys.Value;
        redis.FireAndForget(db =>
        {
            db.StreamAdd(stream, "item", itemId, maxLength: MaxLength, useApproximateMaxLength: true, flags: CommandFlags.FireAndForget);
            db.Publish(channel, itemId, CommandFlags.FireAndForget);
        });
    }

    /// <summary>New entries for this consumer and, once per lease, entries a dead consumer left idle for longer than a lease.</summary>
    public async ValueTask<IReadOnlyList<(RedisValue Entry, long ItemId)>> ReadAsync(string consumer, int count)
    {
        if (!redis.IsAvailable)
        {
            return [];
        }
        var stream = _keys.Value.Stream;
        var (ok, entries) = await redis.RunAsync(async db =>
        {
            try
            {
                return await db.StreamReadGroupAsync(stream, Group, consumer, StreamPosition.NewMessages, count);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // Redis lost the stream (restarted without persistence): make the group again; the table still has the work.
                await CreateGroupCoreAsync(db);
                return [];
            }
        });
        var found = new List<(RedisValue, long)>();
        Collect(ok ? entries : [], found);
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(Volatile.Read(ref _lastReclaim), now) >= settings.LeaseTime)
        {
            Volatile.Write(ref _lastReclaim, now);
            var idle = (long)settings.LeaseTime.TotalMilliseconds;
            var (claimed, result) = await redis.RunAsync(db => db.StreamAutoClaimAsync(stream, Group, consumer, idle, "0-0", count));
            if (claimed && result.ClaimedEntries.Length > 0)
            {
                LogReclaimed(logger, result.ClaimedEntries.Length);
                Collect(result.ClaimedEntries, found);
            }
        }
        return found;
    }

    /// <summary>Acknowledges and removes an entry once its item is settled or found not to need this replica.</summary>
    public void Ack(RedisValue entry)
    {
        var stream = _keys.Value.Stream;
        redis.FireAndForget(db =>
        {
            db.StreamAcknowledge(stream, Group, entry, CommandFlags.FireAndForget);
            db.StreamDelete(stream, [entry], CommandFlags.FireAndForget);
        });
    }

    private static void Collect(StreamEntry[] entries, List<(RedisValue, long)> found)
    {
        foreach (var entry in entries)
        {
            if (!entry.IsNull && entry["item"].TryParse(out long id))
            {
                found.Add((entry.Id, id));
            }
        }
    }

    private async Task CreateGroupAsync() => await redis.RunAsync(CreateGroupCoreAsync);

    private async Task<bool> CreateGroupCoreAsync(IDatabase db)
    {
        try
        {
            // From the stream's start: entries added before any replica made the group are read too.
            await db.StreamCreateConsumerGroupAsync(_keys.Value.Stream, Group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another replica made it first.
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over {Count} work entries a stopped worker had read but not finished")]
    private static partial void LogReclaimed(ILogger logger, int count);
}
