using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Udc.Hosting;

/// <summary>
/// Keeps connections that send nothing from holding the server's connection slots. Kestrel waits its whole
/// keep-alive timeout (65 s) for a first request, so with <c>MAX_CONNECTIONS=20</c> twenty silent sockets shut
/// everyone out for a minute. Here a connection must start its first request within
/// <see cref="HttpSettings.SilentConnectionTimeout"/>; and while the server holds
/// <see cref="HttpSettings.ConnectionPressureShare"/> of its connections, one idle between requests for
/// <see cref="HttpSettings.IdleTimeoutUnderPressure"/> is closed too. Below that share, idle keep-alive
/// connections live the full keep-alive timeout, which load balancers rely on.
/// </summary>
internal sealed partial class ConnectionGuard(HttpSettings settings, TimeProvider time, ILogger<ConnectionGuard> logger) : IDisposable
{
    /// <summary>Kestrel checks its own timeouts once a second; so does this.</summary>
    private static readonly TimeSpan s_sweepPeriod = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<GuardedConnection, byte> _open = new();
    private readonly Lock _timerLock = new();
    private ITimer? _sweeper;
    private IDisposable? _rejections;
    private int _closed;

    /// <summary>Puts the guard in the request pipeline (first) and listens for Kestrel's own rejections.</summary>
    public static void Use(WebApplication app)
    {
        var guard = app.Services.GetRequiredService<ConnectionGuard>();
        guard._rejections = app.Services.GetService<DiagnosticListener>()?.Subscribe(new KestrelRejections(), KestrelRejections.IsEvent);
        app.UseMiddleware<ConnectionActivityMiddleware>();
    }

    /// <summary>Connections closed for silence or idleness since start.</summary>
    public int Closed => Volatile.Read(ref _closed);

    /// <summary>The connection middleware: runs before Kestrel parses a byte of HTTP.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var guarded = new GuardedConnection(connection, time.GetTimestamp());
        guarded.Keep();
        var output = new EnvelopeRejectionWriter(connection.Transport.Output);
        guarded.Output = output;
        connection.Transport = new DuplexPipe(connection.Transport.Input, output);
        _open.TryAdd(guarded, 0);
        StartSweeping();
        try
        {
            await next(connection);
        }
        finally
        {
            _open.TryRemove(guarded, out _);
        }
    };

    private void StartSweeping()
    {
        if (_sweeper is not null)
        {
            return;
        }
        lock (_timerLock)
        {
            _sweeper ??= time.CreateTimer(static state => ((ConnectionGuard)state!).Sweep(), this, s_sweepPeriod, s_sweepPeriod);
        }
    }

    internal void Sweep()
    {
        var now = time.GetTimestamp();
        var silentLimit = Ticks(HttpSettings.SilentConnectionTimeout);
        var idleLimit = Ticks(HttpSettings.IdleTimeoutUnderPressure);
        var shortOfConnections = _open.Count >= settings.MaxConnections * HttpSettings.ConnectionPressureShare;
        var closed = 0;
        foreach (var (connection, _) in _open)
        {
            if (connection.IsIdlePast(now, silentLimit, idleLimit, shortOfConnections))
            {
                connection.Close("closed by UDC: silent or idle while connections are short");
                _open.TryRemove(connection, out _);
                closed++;
            }
        }
        if (closed > 0)
        {
            Interlocked.Add(ref _closed, closed);
            LogClosed(logger, closed, shortOfConnections);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    public void Dispose()
    {
        _sweeper?.Dispose();
        _rejections?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} silent or idle connections (connections short: {ShortOfConnections})")]
    private static partial void LogClosed(ILogger logger, int count, bool shortOfConnections);

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
