using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;
using Udc.Access;

namespace Udc.Redis;

/// <summary>
/// Syncing with Redis, one pass at a time on one loop: find the log's end on the first connection, subscribe,
/// send what waits in the outbox, and read from the log whatever this replica has not taken in. A pass runs
/// whenever Redis becomes usable, a live message shows a gap, a message is held, or the sweep timer fires.
/// </summary>
internal sealed partial class RedisBus
{
    /// <summary>
    /// At most 10 webhooks of the default 256 KiB body per read: 2.5 MiB, about 20 ms at 1 Gbit/s, inside a call's
    /// 100 ms budget. Messages are usually under 1 KiB, so reading all 10,000 entries is 1,000 short round trips.
    /// </summary>
    private const int ReadBatch = 10;

    /// <summary>Wake-ups while a pass runs collapse into one more pass.</summary>
    private readonly Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private void Wake() => _wake.Writer.TryWrite(true);

    private async Task SyncLoopAsync()
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(_stopping.Token))
            {
                _wake.Reader.TryRead(out _);
                try
                {
                    await SyncAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSyncFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SyncAsync()
    {
        if (!_redis.IsAvailable)
        {
            return;
        }
        // The end is read before subscribing, so every message received live comes after it.
        if (_intake.Position is null)
        {
            var (ok, end) = await _redis.RunAsync(BusLog.LastIdAsync);
            if (!ok)
            {
                return;
            }
            _intake.StartAt(end);
        }
        if (!await EnsureSubscribedAsync() || !await FlushOutboxAsync())
        {
            return;
        }
        await CatchUpAsync();
    }

    /// <summary>Sends held messages oldest first; stops at the first failure, keeping the rest in order.</summary>
    private async Task<bool> FlushOutboxAsync()
    {
        var sent = 0;
        while (_outbox.TryPeek(out var payload))
        {
            var (ok, _) = await _redis.RunAsync(db => BusLog.AppendAsync(db, Channel, payload));
            if (!ok)
            {
                return false;
            }
            _outbox.RemoveSent(payload);
            sent++;
        }
        if (sent > 0)
        {
            Volatile.Write(ref _outboxWarned, 0);
            LogOutboxSent(_logger, sent);
        }
        return true;
    }

    /// <summary>Reads the log from this replica's position to its end, in batches.</summary>
    private async Task CatchUpAsync()
    {
        var (ok, end) = await _redis.RunAsync(BusLog.LastIdAsync);
        if (!ok || _intake.Position is not { } position)
        {
            return;
        }
        if (end < position)
        {
            LogLogRecreated(_logger, position.ToString(), end.ToString());
            _intake.Rewind();
        }
        while (_intake.Position is { } from && from < end)
        {
            var (read, entries) = await _redis.RunAsync(db => BusLog.ReadAfterAsync(db, from, ReadBatch));
            if (!read || entries.Length == 0)
            {
                return;
            }
            foreach (var entry in entries)
            {
                Replay(entry);
            }
        }
    }

    private void Replay(StreamEntry entry)
    {
        if (!BusLogId.TryParse(entry.Id, out var id))
        {
            return;
        }
        // An entry without a predecessor reads as following the log's start.
        _ = BusLogId.TryParse(entry["p"], out var previous);
        BusMessage? message = null;
        try
        {
            message = JsonSerializer.Deserialize((byte[])entry["m"]!, AccessJsonContext.Default.BusMessage);
        }
        catch (JsonException e)
        {
            LogBadMessage(_logger, e.Message);
        }
        var result = _intake.OfferReplayed(message, id, previous, out var lost);
        if (lost)
        {
            LogMessagesLost(_logger, id.ToString());
        }
        if (result == BusIntakeResult.Duplicate)
        {
            Interlocked.Increment(ref _duplicates);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} bus messages held while Redis was unavailable")]
    private static partial void LogOutboxSent(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The replay log ends at {End}, before this replica's position {Position}: Redis lost it (restarted without its data); reading it from its start")]
    private static partial void LogLogRecreated(ILogger logger, string position, string end);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bus messages before log entry {Id} are gone from the replay log (trimmed, or Redis lost its data): this replica may have missed some")]
    private static partial void LogMessagesLost(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Syncing with the Redis bus failed; retrying on the next pass")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
