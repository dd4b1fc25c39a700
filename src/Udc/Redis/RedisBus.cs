using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;
using Udc.Access;

namespace Udc.Redis;

/// <summary>
/// Messages between replicas: invalidations, webhook events, key creations and revocations. Each is appended to
/// the replay log (<see cref="BusLog"/>) and published in one step, and every replica applies it once, in log
/// order. A sender waits (briefly) until every other subscribed replica has acknowledged, so when an admin or
/// webhook call returns, every reachable replica has already dropped or applied. A message that cannot be sent
/// (Redis down, the circuit open) waits in the <see cref="BusOutbox"/> and is sent once Redis is usable; a
/// replica that was cut off reads what it missed from the log when it is back, or when a later message shows a
/// gap, and checks every <see cref="SweepInterval"/> in case nothing came after what it missed.
/// </summary>
internal sealed partial class RedisBus : IAsyncDisposable
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("udc:bus");

    /// <summary>Replicas act on a message in a millisecond or two; 1 s allows for a GC pause, then moves on.</summary>
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A replica that missed the last message of a burst (no later message reveals the gap) reads it within 5 s;
    /// when nothing is missing the check costs one XREVRANGE per 5 s.
    /// </summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    private const string AckKind = "ack";

    private readonly RedisConnection _redis;
    private readonly ILogger<RedisBus> _logger;
    private readonly ConcurrentDictionary<string, AckWaiter> _waiting = new(StringComparer.Ordinal);
    private readonly Channel<BusDelivery> _deliveries = System.Threading.Channels.Channel.CreateUnbounded<BusDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BusOutbox _outbox = new();
    private readonly BusIntake _intake;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _applying;
    private Task? _syncing;
    private Timer? _sweep;
    private int _outboxWarned;
    private int _stopped;

    public RedisBus(RedisConnection redis, ILogger<RedisBus> logger)
    {
        _redis = redis;
        _logger = logger;
        _intake = new BusIntake(ReplicaId, _deliveries.Writer);
    }

    /// <summary>This process's name on the bus.</summary>
    public string ReplicaId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Called for every message from another replica, one at a time in log order; returns once acted on.</summary>
    public Func<BusMessage, Task>? Handler { get; set; }

    /// <summary>Messages waiting to be sent until Redis is usable.</summary>
    public int OutboxCount => _outbox.Count;

    /// <summary>Messages dropped since start because the outbox was full.</summary>
    public long OutboxDropped => _outbox.Dropped;

    /// <summary>Starts applying and syncing; call once, before the connection starts.</summary>
    public void Attach()
    {
        if (!_redis.IsConfigured)
        {
            return;
        }
        _redis.Connected += _ => Wake();
        _applying = Task.Run(ApplyLoopAsync);
        _syncing = Task.Run(SyncLoopAsync);
        _sweep = new Timer(_ => Wake(), null, SweepInterval, SweepInterval);
    }

    /// <summary>
    /// Sends the message and waits for the other replicas' acknowledgements, within <see cref="AckTimeout"/>.
    /// While Redis is unusable it returns at once and the message waits in the outbox; so does every message
    /// after it until the outbox is empty, which keeps this replica's messages in order.
    /// </summary>
    public async Task PublishAsync(BusMessage message)
    {
        if (!_redis.IsConfigured)
        {
            return;
        }
        var nonce = Guid.NewGuid().ToString("N");
        message = message with { Origin = ReplicaId, Nonce = nonce };
        var payload = JsonSerializer.SerializeToUtf8Bytes(message, AccessJsonContext.Default.BusMessage);
        if (!_redis.IsAvailable || _outbox.Count > 0)
        {
            Hold(payload);
            return;
        }
        var waiter = new AckWaiter();
        _waiting[nonce] = waiter;
        try
        {
            var (ok, receivers) = await _redis.RunAsync(db => BusLog.AppendAsync(db, Channel, payload));
            if (!ok)
            {
                Hold(payload);
                return;
            }
            // Every subscriber counts, this replica included.
            var others = (int)receivers - (IsSubscribed ? 1 : 0);
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

    private void Hold(byte[] payload)
    {
        var dropped = _outbox.Add(payload);
        // One warning per outage: a flood of webhooks while Redis is down would otherwise log one line each.
        if (dropped > 0 && Interlocked.Exchange(ref _outboxWarned, 1) == 0)
        {
            LogOutboxFull(_logger, BusOutbox.MaxMessages, BusOutbox.MaxBytes / (1024 * 1024));
        }
        Wake();
    }

    /// <summary>Stops applying and syncing; messages still in the outbox are lost with the process.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync();
        }
        _deliveries.Writer.TryComplete();
        _wake.Writer.TryComplete();
        foreach (var loop in new[] { _applying, _syncing })
        {
            if (loop is not null)
            {
                await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Redis bus outbox is full ({MaxMessages} messages or {MaxMegabytes} MiB): dropping the oldest until Redis is back; replicas will not learn of those")]
    private static partial void LogOutboxFull(ILogger logger, int maxMessages, long maxMegabytes);
}
