using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Udc.Hosting;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Hosting;

/// <summary>
/// Which connections the guard closes, on a clock the test moves: silent ones after 5 s, idle ones only while
/// connections are short, and never one with a request running. (The native tests show it on real sockets.)
/// </summary>
public sealed class ConnectionGuardTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly TaskCompletionSource _held = new();
    private ConnectionGuard? _guard;

    public void Dispose()
    {
        _held.TrySetResult();
        _guard?.Dispose();
    }

    /// <summary>Connections as Kestrel hands them over, each recording whether it was asked to close.</summary>
    private Closable[] Open(int maxConnections, int count)
    {
        _guard ??= new ConnectionGuard(new HttpSettings([], maxConnections, []), _time, NullLogger<ConnectionGuard>.Instance);
        var middleware = _guard.Wrap(_ => _held.Task);
        var connections = new Closable[count];
        for (var i = 0; i < count; i++)
        {
            var pipe = new Pipe();
            var context = new DefaultConnectionContext($"c{i}") { Transport = new Duplex(pipe.Reader, pipe.Writer) };
            connections[i] = new Closable(context);
            context.Features.Set<IConnectionLifetimeNotificationFeature>(connections[i]);
            _ = middleware(context);
        }
        return connections;
    }

    private static void Serve(Closable connection, ManualTimeProvider time, bool finish = true)
    {
        var guarded = GuardedConnection.Of(connection.Features)!;
        guarded.RequestStarted();
        if (finish)
        {
            guarded.RequestEnded(time.GetTimestamp());
        }
    }

    [Fact]
    public void Sweep_SilentConnection_ClosedAfterFiveSecondsNotBefore()
    {
        var silent = Open(maxConnections: 100, count: 1)[0];

        _time.Advance(TimeSpan.FromSeconds(4.9));
        _guard!.Sweep();
        var openAt49 = !silent.CloseRequested;
        _time.Advance(TimeSpan.FromSeconds(0.1));
        _guard.Sweep();

        Assert.True(openAt49);
        Assert.True(silent.CloseRequested);
        Assert.Equal(1, _guard.Closed);
    }

    [Fact]
    public void Sweep_IdleKeepAliveWithConnectionsToSpare_KeptForKestrelsKeepAlive()
    {
        var connections = Open(maxConnections: 100, count: 79);
        foreach (var connection in connections)
        {
            Serve(connection, _time);
        }

        _time.Advance(TimeSpan.FromSeconds(60));
        _guard!.Sweep();

        Assert.All(connections, c => Assert.False(c.CloseRequested));
    }

    [Fact]
    public void Sweep_IdleKeepAliveWhileShortOfConnections_ClosedButRunningRequestsKept()
    {
        var connections = Open(maxConnections: 10, count: 8);
        Serve(connections[0], _time, finish: false);
        foreach (var connection in connections[1..])
        {
            Serve(connection, _time);
        }

        _time.Advance(TimeSpan.FromSeconds(4));
        _guard!.Sweep();
        var closedAt4 = connections.Count(c => c.CloseRequested);
        _time.Advance(TimeSpan.FromSeconds(1));
        _guard.Sweep();

        Assert.Equal(0, closedAt4);
        Assert.False(connections[0].CloseRequested);
        Assert.All(connections[1..], c => Assert.True(c.CloseRequested));
    }

    private sealed class Closable(DefaultConnectionContext context) : IConnectionLifetimeNotificationFeature
    {
        public IFeatureCollection Features => context.Features;

        public bool CloseRequested { get; private set; }

        public CancellationToken ConnectionClosedRequested { get; set; }

        public void RequestClose() => CloseRequested = true;
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
