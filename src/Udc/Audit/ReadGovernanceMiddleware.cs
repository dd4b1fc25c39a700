using System.Globalization;
using Udc.Access;
using Udc.Engine.Query;
using Udc.Hosting;
using Udc.RateLimiting;

namespace Udc.Audit;

/// <summary>
/// Every request a client makes (routes open to client keys) runs under a deadline, within its caller's cost quota,
/// and leaves an audit event. The deadline is <c>REQUEST_DEADLINE_MS</c>, lowered per request with the
/// <c>X-UDC-Deadline-Ms</c> header; streams that stay open by design (<c>/sse</c>, MCP's GET stream) have none. The
/// charge of what the request read is sent in <c>X-UDC-Charge</c> and taken from the quota when it ends. Tool
/// surfaces (<c>/mcp</c>, <c>/assistant</c>) are not refused here: their tool calls answer a spent quota with a
/// result the model can act on.
/// </summary>
internal sealed class ReadGovernanceMiddleware(RequestDelegate next, ReadGovernor governor)
{
    public const string DeadlineHeader = "X-UDC-Deadline-Ms";
    public const string ChargeHeader = "X-UDC-Charge";

    public async Task InvokeAsync(HttpContext context)
    {
        // Health is polled by dashboards and reads no source: it is neither limited nor audited.
        if (context.AccessPolicyOf() is not (AccessPolicy.Client or AccessPolicy.ClientOrAdmin) || context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }
        var path = context.Request.Path.Value ?? "";
        var surface = SurfaceOf(path);
        TimeSpan? deadline = null;
        if (!IsLongLived(context, path))
        {
            if (DeadlineOf(context) is not { } budget)
            {
                await ApiError.Validation([new ValidationIssue(["header", DeadlineHeader], governor.DeadlineRule, "value_error")]).ExecuteAsync(context);
                return;
            }
            deadline = budget;
        }
        var identity = SourceAccess.IdentityOf(context);
        var caller = identity?.Caller ?? "anonymous";
        var partition = identity?.Partition ?? "ip:" + ClientAddress.Of(context);
        var action = $"{context.Request.Method} {context.Request.Path}";
        if (surface is not ("mcp" or "assistant") && await governor.QuotaLeftAsync(partition) is { Allowed: false } spent)
        {
            RateLimitHeaders.Write(context.Response, spent);
            await ApiError.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.QuotaExceeded, spent.RejectionMessage(null)).ExecuteAsync(context);
            governor.Refused(caller, surface, action, context.Response.StatusCode, "quota");
            return;
        }
        var read = governor.Begin(caller, partition, surface, action, deadline);
        context.Response.OnStarting(static state =>
        {
            var (response, read) = ((HttpResponse, GovernedRead))state;
            response.Headers[ChargeHeader] = read.Charge.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }, (context.Response, read));
        var failed = true;
        try
        {
            await next(context);
            failed = false;
        }
        catch (DeadlineExceededException e) when (!context.Response.HasStarted)
        {
            await ApiError.Create(StatusCodes.Status504GatewayTimeout, ErrorCodes.DeadlineExceeded, e.Message).ExecuteAsync(context);
            failed = false;
        }
        finally
        {
            if (failed)
            {
                // The envelope middleware answers 500 after this; the audit says so now.
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
            await governor.EndAsync(read, context.Response.StatusCode);
        }
    }

    /// <summary>The surface of a path as the audit trail names it.</summary>
    public static string SurfaceOf(string path) =>
        path.StartsWith("/mcp", StringComparison.Ordinal) ? "mcp"
        : path.StartsWith("/assistant", StringComparison.Ordinal) ? "assistant"
        : path.StartsWith("/export", StringComparison.Ordinal) ? "export"
        : path == "/query" ? "sql"
        : "rest";

    private static bool IsLongLived(HttpContext context, string path) =>
        path.StartsWith("/sse", StringComparison.Ordinal) || path.StartsWith("/mcp", StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method);

    /// <summary>The setting, or the header's lower value; null when the header is not a valid number of milliseconds.</summary>
    private TimeSpan? DeadlineOf(HttpContext context)
    {
        if (context.Request.Headers[DeadlineHeader] is not { Count: > 0 } header)
        {
            return governor.DeadlineOf(null);
        }
        return int.TryParse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? governor.DeadlineOf(ms) : null;
    }
}
