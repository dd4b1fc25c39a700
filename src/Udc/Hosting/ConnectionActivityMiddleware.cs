namespace Udc.Hosting;

/// <summary>
/// Tells <see cref="ConnectionGuard"/> when a request runs on a connection, so that only connections with
/// nothing running are ever closed for silence or idleness (an NDJSON stream or an MCP event stream can send
/// for minutes while the client sends nothing).
/// </summary>
internal sealed class ConnectionActivityMiddleware(RequestDelegate next, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (GuardedConnection.Of(context.Features) is not { } connection)
        {
            await next(context);
            return;
        }
        connection.RequestStarted();
        try
        {
            await next(context);
        }
        finally
        {
            connection.RequestEnded(time.GetTimestamp());
        }
    }
}
