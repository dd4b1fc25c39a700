using System.Text.Json;
using StackExchange.Redis;
using Udc.Access;

namespace Udc.Redis;

/// <summary>Receiving: the subscription, acknowledgements, and the one loop that applies messages in order.</summary>
internal sealed partial class RedisBus
{
    /// <summary>Asked for again only if asking failed; the multiplexer re-subscribes by itself after a reconnect.</summary>
    private Task<ChannelMessageQueue>? _subscription;

    private long _applied;
    private long _replayed;
    private long _duplicates;

    /// <summary>True once Redis has confirmed the subscription.</summary>
    public bool IsSubscribed => _subscription is { IsCompletedSuccessfully: true };

    /// <summary>Messages from other replicas applied since start, live or from the log.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Of <see cref="Applied"/>, those read back from the replay log.</summary>
    public long Replayed => Interlocked.Read(ref _replayed);

    /// <summary>Copies of messages already applied, recognised and not applied again.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Subscribes unless subscribed or a subscription is under way; only ever called from the sync loop.</summary>
    private async Task<bool> EnsureSubscribedAsync()
    {
        if (_subscription is null or { IsFaulted: true } or { IsCanceled: true })
        {
            if (_redis.Subscriber is not { } subscriber)
            {
                return false;
            }
            if (_subscription is not null)
            {
                // The client registers a queue before asking Redis, and keeps it when asking fails: that queue
                // would fill with every message and never be read. Dropping the channel's registration drops it.
                await subscriber.UnsubscribeAsync(Channel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            _subscription = SubscribeAsync(subscriber);
        }
        try
        {
            // A subscription slow to be confirmed is waited for again next time, never asked for twice.
            await _subscription.WaitAsync(RedisSettings.OperationTimeout * 10, _stopping.Token);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogSubscribeFailed(_logger, e.Message);
            return false;
        }
    }

    private async Task<ChannelMessageQueue> SubscribeAsync(ISubscriber subscriber)
    {
        var queue = await subscriber.SubscribeAsync(Channel);
        // One message at a time, in the order Redis sent them: what the intake's order rests on. The handler
        // only sorts a message; applying it happens on the apply loop, so a slow webhook holds up no ack.
        queue.OnMessage(OnReceived);
        return queue;
    }

    private void OnReceived(ChannelMessage received)
    {
        BusMessage? message;
        try
        {
            message = JsonSerializer.Deserialize((byte[])received.Message!, AccessJsonContext.Default.BusMessage);
        }
        catch (JsonException e)
        {
            LogBadMessage(_logger, e.Message);
            return;
        }
        if (message is null)
        {
            return;
        }
        if (message.Kind == AckKind)
        {
            if (message.Origin != ReplicaId && message.Nonce is { } nonce && _waiting.TryGetValue(nonce, out var waiter))
            {
                waiter.Acknowledge();
            }
            return;
        }
        if (!BusLogId.TryParse(message.LogId, out var id) || !BusLogId.TryParse(message.LogPreviousId, out var previous))
        {
            LogBadMessage(_logger, "no replay log position");
            return;
        }
        switch (_intake.OfferLive(message, id, previous))
        {
            case BusIntakeResult.Duplicate:
                // A resent copy: its sender is not waiting, and the first copy was acknowledged when applied.
                Interlocked.Increment(ref _duplicates);
                break;
            case BusIntakeResult.Gap:
                Wake();
                break;
        }
    }

    private async Task ApplyLoopAsync()
    {
        try
        {
            await foreach (var delivery in _deliveries.Reader.ReadAllAsync(_stopping.Token))
            {
                try
                {
                    if (Handler is { } handler)
                    {
                        await handler(delivery.Message);
                    }
                }
                catch (Exception e)
                {
                    LogHandlerFailed(_logger, e, delivery.Message.Kind);
                }
                Interlocked.Increment(ref _applied);
                if (!delivery.Live)
                {
                    Interlocked.Increment(ref _replayed);
                }
                // Replayed messages too: a live message that waited for the log to be read is applied from there.
                Acknowledge(delivery.Message);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Acknowledge(BusMessage message)
    {
        if (message.Nonce is not { } nonce)
        {
            return;
        }
        var ack = new BusMessage { Kind = AckKind, Origin = ReplicaId, Nonce = nonce };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(ack, AccessJsonContext.Default.BusMessage);
        _redis.FireAndForget(db => db.Publish(Channel, bytes, CommandFlags.FireAndForget));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to the Redis bus failed ({Message}); retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed message on the Redis bus: {Message}")]
    private static partial void LogBadMessage(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a {Kind} message from the Redis bus failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string kind);
}
