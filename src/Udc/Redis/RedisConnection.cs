using StackExchange.Redis;
using Udc.Outbound;

namespace Udc.Redis;

/// <summary>
/// The one connection to Redis, guarded so that Redis being down or hung never fails or stalls a request:
/// every call is bounded by <see cref="RedisSettings.OperationTimeout"/>, failures trip a
/// <see cref="CircuitBreaker"/>, and while the connection is down or the circuit open, callers are told at
/// once to go on without Redis. The multiplexer reconnects by itself; a background probe closes the circuit.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    /// <summary>Probing twice a second notices a recovered Redis quickly at no measurable cost.</summary>
    private static readonly TimeSpan s_probeInterval = TimeSpan.FromMilliseconds(500);

    private readonly RedisSettings _settings;
    private readonly ILogger<RedisConnection> _logger;
    private readonly CircuitBreaker _breaker;
    private readonly CancellationTokenSource _stopping = new();
    private ConnectionMultiplexer? _multiplexer;
    private Task? _connecting;
    private Timer? _probe;
    private int _probing;
    private int _disposed;

    public RedisConnection(RedisSettings settings, TimeProvider time, ILogger<RedisConnection> logger)
    {
        _settings = settings;
        _logger = logger;
        _breaker = new CircuitBreaker(time);
    }

    public bool IsConfigured => _settings.Options is not null;

    /// <summary>True when a call is worth trying: connected, and the circuit closed.</summary>
    public bool IsAvailable => _multiplexer is { IsConnected: true } && !_breaker.IsOpen;

    public string Status => !IsConfigured ? "off" : _breaker.IsOpen ? "circuit_open" : _multiplexer is { IsConnected: true } ? "connected" : "disconnected";

    public int CircuitTrips => _breaker.Trips;

    /// <summary>Raised once connected, and again whenever Redis becomes usable after an outage.</summary>
    public event Action<ConnectionMultiplexer>? Connected;

    /// <summary>Connects in the background: a Redis that is down at start delays nothing.</summary>
    public void Start()
    {
        if (_settings.Options is not { } options || _connecting is not null)
        {
            return;
        }
        _connecting = Task.Run(async () =>
        {
            try
            {
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(options.Clone());
                multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(_logger, e.EndPoint?.ToString() ?? "redis", e.FailureType.ToString());
                multiplexer.ConnectionRestored += (_, e) =>
                {
                    LogConnectionRestored(_logger, e.EndPoint?.ToString() ?? "redis");
                    _breaker.Success();
                    Connected?.Invoke(multiplexer);
                };
                _multiplexer = multiplexer;
                Connected?.Invoke(multiplexer);
                _probe = new Timer(_ => _ = ProbeAsync(), null, s_probeInterval, s_probeInterval);
            }
            catch (Exception e) when (e is RedisException or ArgumentException)
            {
                LogConnectFailed(_logger, _settings.Display ?? "redis", e.Message);
            }
        });
    }

    /// <summary>Runs one Redis call within the time budget; (false, default) when Redis cannot answer now.</summary>
    public async ValueTask<(bool Ok, T Value)> RunAsync<T>(Func<IDatabase, Task<T>> call)
    {
        if (_multiplexer is not { IsConnected: true } multiplexer || _breaker.IsOpen)
        {
            return (false, default!);
        }
        try
        {
            var value = await call(multiplexer.GetDatabase()).WaitAsync(RedisSettings.OperationTimeout, _stopping.Token);
            _breaker.Success();
            return (true, value);
        }
        catch (Exception e)
        {
            // Whatever a Redis call throws (connection, timeout, a reply cut short by a dying server), the
            // request goes on without Redis: this is the one place that promise is kept.
            if (_breaker.Failure())
            {
                LogCircuitOpened(_logger, e.GetType().Name, e.Message);
            }
            return (false, default!);
        }
    }

    /// <summary>A call whose answer nobody waits for (filling the shared cache); failures are ignored.</summary>
    public void FireAndForget(Action<IDatabase> call)
    {
        if (_multiplexer is not { IsConnected: true } multiplexer || _breaker.IsOpen)
        {
            return;
        }
        try
        {
            call(multiplexer.GetDatabase());
        }
        catch (Exception)
        {
            _breaker.Failure();
        }
    }

    public ISubscriber? Subscriber => _multiplexer?.GetSubscriber();

    private async Task ProbeAsync()
    {
        if (!_breaker.ProbeDue || _multiplexer is not { IsConnected: true } multiplexer || Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }
        try
        {
            await multiplexer.GetDatabase().PingAsync().WaitAsync(RedisSettings.OperationTimeout * 5, _stopping.Token);
            _breaker.Success();
            LogCircuitClosed(_logger);
            Connected?.Invoke(multiplexer);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            _breaker.Failure();
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }
        if (_connecting is not null)
        {
            await _connecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {Endpoint} is unreachable at start ({Reason}); serving from memory and retrying")]
    private static partial void LogConnectFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {Endpoint} failed ({FailureType}); serving from memory until it is back")]
    private static partial void LogConnectionFailed(ILogger logger, string endpoint, string failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {Endpoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis circuit opened after repeated failures ({Error}: {Message}); calls skip Redis until a probe succeeds")]
    private static partial void LogCircuitOpened(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis circuit closed: Redis answers again")]
    private static partial void LogCircuitClosed(ILogger logger);
}
