using System.Diagnostics;
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
internal sealed class ReadGovernanceMiddleware(RequestDelegate next, AuditTrail audit, RequestRateLimiter limiter, DeadlineSettings deadlines, TimeProvider time)
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
        if (!IsLongLived(context, path))
        {
            if (DeadlineOf(context) is not { } budget)
            {
                await ApiError.Validation([new ValidationIssue(["header", DeadlineHeader], $"a whole number of milliseconds from 1 to {deadlines.Default.TotalMilliseconds:0}", "value_error")]).ExecuteAsync(context);
                return;
            }
            Deadline.Start(time, budget);
        }
        var caller = SourceAccess.IdentityOf(context);
        var partition = caller?.Partition ?? "ip:" + ClientAddress.Of(context);
        if (surface is not ("mcp" or "assistant") && await limiter.QuotaAsync(partition, 0) is { Allowed: false } spent)
        {
            RateLimitHeaders.Write(context.Response, spent);
            await ApiError.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.QuotaExceeded, spent.RejectionMessage(null)).ExecuteAsync(context);
            Record(context, caller, surface, ReadLedger.Begin(), 0, "quota", 0);
            return;
        }
        var ledger = ReadLedger.Begin();
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(static state =>
        {
            var (response, ledger) = ((HttpResponse, ReadLedger))state;
            response.Headers[ChargeHeader] = (ledger.Sources is null ? 0 : ReadCharge.Of(ledger)).ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }, (context.Response, ledger));
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
            var charge = ledger.Sources is null ? 0 : ReadCharge.Of(ledger);
            if (charge > 0)
            {
                await limiter.QuotaAsync(partition, charge);
            }
            Record(context, caller, surface, ledger, charge, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Record(HttpContext context, ClientIdentity? caller, string surface, ReadLedger ledger, long charge, string? outcome, double durationMs)
    {
        var status = context.Response.StatusCode;
        audit.Record(new AuditEvent(0, time.GetUtcNow(), caller?.Caller ?? "anonymous", surface, $"{context.Request.Method} {context.Request.Path}",
            ledger.Sources, ledger.Filters, ledger.RowsReturned, charge, outcome ?? OutcomeOf(status, ledger), status, ledger.Partial, Math.Round(durationMs, 2)));
    }

    private static string OutcomeOf(int status, ReadLedger ledger) => status switch
    {
        < 400 when ledger.Partial => "partial",
        < 400 => "ok",
        401 or 403 => "denied",
        429 => "rate_limited",
        504 => "deadline",
        < 500 => "invalid",
        _ => "error",
    };

    private static string SurfaceOf(string path) =>
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
            return deadlines.Default;
        }
        return int.TryParse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms >= 1 && ms <= deadlines.Default.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(ms)
            : null;
    }
}
