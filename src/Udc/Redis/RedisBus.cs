using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;
using Udc.Access;

namespace Udc.Redis;

/// <summary>
/// Pub/sub between replicas: invalidations, webhook events and key revocations. A sender waits (briefly)
/// until every other subscribed replica has acknowledged, so when an admin or webhook call returns, every
/// reachable replica has already dropped or applied; a replica that is unreachable catches up through its
/// own reloads and the key re-check interval.
/// </summary>
internal sealed partial class RedisBus(RedisConnection redis, ILogger<RedisBus> logger)
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("udc:bus");

    /// <summary>Replicas act on a message in a millisecond or two; 1 s allows for a GC pause, then moves on.</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, AckWaiter> _waiting = new(StringComparer.Ordinal);
    private int _subscribed;

    /// <summary>This process's name on the bus.</summary>
    public string ReplicaId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Called for every message from another replica; returns once the message has been acted on.</summary>
    public Func<BusMessage, Task>? Handler { get; set; }

    /// <summary>Subscribes once connected; the multiplexer re-subscribes by itself after a reconnect.</summary>
    public void Attach()
    {
        redis.Connected += multiplexer => _ = SubscribeAsync(multiplexer);
    }

    private async Task SubscribeAsync(ConnectionMultiplexer multiplexer)
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 1)
        {
            return;
        }
        try
        {
            await multiplexer.GetSubscriber().SubscribeAsync(Channel, (channel, value) => _ = OnMessageAsync(value));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Volatile.Write(ref _subscribed, 0);
            LogSubscribeFailed(logger, e.Message);
        }
    }

    /// <summary>Publishes and waits for the other replicas' acknowledgements, within <see cref="AckTimeout"/>.</summary>
    public async Task PublishAsync(BusMessage message)
    {
        var nonce = Guid.NewGuid().ToString("N");
        message = message with { Origin = ReplicaId, Nonce = nonce };
        var waiter = new AckWaiter();
        _waiting[nonce] = waiter;
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(message, AccessJsonContext.Default.BusMessage);
            var (ok, receivers) = await redis.RunAsync(db => db.Multiplexer.GetSubscriber().PublishAsync(Channel, payload));
            // Every subscriber counts, this replica included.
            var others = ok ? (int)receivers - (Volatile.Read(ref _subscribed) == 1 ? 1 : 0) : 0;
            if (others > 0 && !waiter.Expect(others))
            {
                await waiter.Done.Task.WaitAsync(AckTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            _waiting.TryRemove(nonce, out _);
        }
    }

    private async Task OnMessageAsync(RedisValue value)
    {
        // Off the client's reader thread: applying a webhook to a large source must not hold up other messages.
        await Task.Yield();
        BusMessage? message;
        try
        {
            message = JsonSerializer.Deserialize((byte[])value!, AccessJsonContext.Default.BusMessage);
        }
        catch (JsonException e)
        {
            LogBadMessage(logger, e.Message);
            return;
        }
        if (message is null || message.Origin == ReplicaId)
        {
            return;
        }
        if (message.Kind == "ack")
        {
            if (message.Nonce is { } nonce && _waiting.TryGetValue(nonce, out var waiter))
            {
                waiter.Acknowledge();
            }
            return;
        }
        try
        {
            if (Handler is { } handler)
            {
                await handler(message);
            }
        }
        catch (Exception e)
        {
            LogHandlerFailed(logger, e, message.Kind);
        }
        if (message.Nonce is { } ackNonce)
        {
            var ack = new BusMessage { Kind = "ack", Origin = ReplicaId, Nonce = ackNonce };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(ack, AccessJsonContext.Default.BusMessage);
            await redis.RunAsync(db => db.Multiplexer.GetSubscriber().PublishAsync(Channel, bytes));
        }
    }

    /// <summary>Counts acknowledgements; they may arrive before the publisher knows how many to expect.</summary>
    private sealed class AckWaiter
    {
        private readonly Lock _lock = new();
        private int _received;
        private int _expected = int.MaxValue;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <returns>True when every expected acknowledgement has already arrived.</returns>
        public bool Expect(int count)
        {
            lock (_lock)
            {
                _expected = count;
                return _received >= _expected;
            }
        }

        public void Acknowledge()
        {
            lock (_lock)
            {
                if (++_received >= _expected)
                {
                    Done.TrySetResult();
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to the Redis bus failed ({Message}); retrying on reconnect")]
    private static partial void LogSubscribeFailed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed message on the Redis bus: {Message}")]
    private static partial void LogBadMessage(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a {Kind} message from the Redis bus failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string kind);
}
