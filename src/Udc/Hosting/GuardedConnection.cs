using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Udc.Hosting;

/// <summary>
/// One open connection as <see cref="ConnectionGuard"/> sees it: whether a request is running on it, since
/// when it has been idle, and the writer that can replace Kestrel's bare rejection with the error envelope.
/// </summary>
internal sealed class GuardedConnection(ConnectionContext connection, long openedAt)
{
    /// <summary>The connection item it is kept under, for the request middleware and the rejection listener.</summary>
    private static readonly object s_item = new();

    private int _requestsRunning;
    private long _idleSince = openedAt;
    private bool _served;

    public EnvelopeRejectionWriter? Output { get; set; }

    public static GuardedConnection? Of(IFeatureCollection features) =>
        features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(s_item, out var item) == true ? item as GuardedConnection : null;

    public void Keep() => connection.Items[s_item] = this;

    public void RequestStarted()
    {
        Interlocked.Increment(ref _requestsRunning);
        Volatile.Write(ref _served, true);
    }

    public void RequestEnded(long now)
    {
        Volatile.Write(ref _idleSince, now);
        Interlocked.Decrement(ref _requestsRunning);
    }

    /// <summary>
    /// True when the connection is to go: no request running and either it never sent one within
    /// <paramref name="silentLimit"/>, or, when the server is short of connections, it has idled past
    /// <paramref name="idleLimit"/>.
    /// </summary>
    public bool IsIdlePast(long now, long silentLimit, long idleLimit, bool shortOfConnections)
    {
        if (Volatile.Read(ref _requestsRunning) > 0)
        {
            return false;
        }
        var idle = now - Volatile.Read(ref _idleSince);
        return Volatile.Read(ref _served) ? shortOfConnections && idle >= idleLimit : idle >= silentLimit;
    }

    /// <summary>
    /// Asks Kestrel to close the connection as it does at shutdown: a connection waiting for a request ends at
    /// once with a clean close, and a request that has just begun still gets its answer.
    /// </summary>
    public void Close(string reason)
    {
        if (connection.Features.Get<IConnectionLifetimeNotificationFeature>() is { } lifetime)
        {
            lifetime.RequestClose();
        }
        else
        {
            connection.Abort(new ConnectionAbortedException(reason));
        }
    }
}
