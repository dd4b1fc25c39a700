using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using ModelContextProtocol.Server;
using Udc.Access;

namespace Udc.Mcp.Http;

/// <summary>
/// The Streamable HTTP sessions the SDK is running, so <see cref="McpToolCallShortcut"/> serves a call only on a
/// session the SDK would serve it on. The SDK starts every session through <see cref="RunAsync"/> and it ends when
/// the session is deleted, expires or the server stops; by then its token is cancelled, before the SDK answers the
/// DELETE, so a request sent after a DELETE's answer is never served here.
/// </summary>
internal sealed class McpSessions(TimeProvider time)
{
    /// <summary>
    /// How long a session may be served here without the SDK seeing it. The SDK expires a session idle for its
    /// <c>IdleTimeout</c> (2 hours by default) counted from the last request it handled itself; handing it one
    /// call a minute keeps that clock true to within a minute, at no measurable cost.
    /// </summary>
    public static readonly TimeSpan SdkTouchInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Session> _live = new(StringComparer.Ordinal);

    /// <summary>The SDK's <c>RunSessionHandler</c>: runs the session as the SDK would, known here while it runs.</summary>
    public async Task RunAsync(HttpContext context, McpServer server, CancellationToken closed)
    {
        if (server.SessionId is not { Length: > 0 } id)
        {
            await server.RunAsync(closed);
            return;
        }
        var session = new Session(server, OwnerOf(context.User), closed, time.GetTimestamp());
        _live[id] = session;
        try
        {
            await server.RunAsync(closed);
        }
        finally
        {
            _live.TryRemove(KeyValuePair.Create(id, session));
        }
    }

    /// <summary>
    /// The session <paramref name="id"/> when the SDK would serve <paramref name="user"/> on it and saw it within
    /// <see cref="SdkTouchInterval"/>; otherwise false, and the request goes to the SDK.
    /// </summary>
    public bool TryGetServable(string id, ClaimsPrincipal user, [NotNullWhen(true)] out McpServer? server)
    {
        server = null;
        if (!_live.TryGetValue(id, out var session) || session.Closed.IsCancellationRequested
            || OwnerOf(user) is not { } owner || owner != session.Owner
            || time.GetElapsedTime(Volatile.Read(ref session.SdkTouch)) >= SdkTouchInterval)
        {
            return false;
        }
        server = session.Server;
        return true;
    }

    /// <summary>The SDK handled a request on session <paramref name="id"/> (and renewed its idle clock).</summary>
    public void SdkTouched(string id)
    {
        if (_live.TryGetValue(id, out var session))
        {
            Volatile.Write(ref session.SdkTouch, time.GetTimestamp());
        }
    }

    /// <summary>
    /// Who a session belongs to, as the SDK binds it: the key's partition (the <c>NameIdentifier</c> claim of a
    /// <see cref="ClientPrincipal"/>), empty without a key. Any other signed-in principal has no owner here.
    /// </summary>
    private static string? OwnerOf(ClaimsPrincipal user) => user switch
    {
        ClientPrincipal client => client.Identity.Partition,
        { Identity.IsAuthenticated: true } => null,
        _ => "",
    };

    private sealed class Session(McpServer server, string? owner, CancellationToken closed, long sdkTouch)
    {
        public McpServer Server { get; } = server;

        public string? Owner { get; } = owner;

        public CancellationToken Closed { get; } = closed;

        public long SdkTouch = sdkTouch;
    }
}
