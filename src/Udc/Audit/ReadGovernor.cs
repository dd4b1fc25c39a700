using System.Diagnostics;
using Udc.Engine.Query;
using Udc.Hosting;
using Udc.RateLimiting;

namespace Udc.Audit;

/// <summary>
/// The one way a read is governed, whatever carries it: an HTTP request (<see cref="ReadGovernanceMiddleware"/>) or
/// a tool call over <c>udc mcp</c>'s stdio. <see cref="Begin"/> starts its deadline and a fresh ledger;
/// <see cref="EndAsync"/> charges what the ledger read to the caller's quota and records the audit event.
/// </summary>
internal sealed class ReadGovernor(AuditTrail audit, RequestRateLimiter limiter, DeadlineSettings deadlines, TimeProvider time)
{
    /// <summary>The caller of a request refused before authentication.</summary>
    public const string UnknownCaller = "unknown";

    /// <summary><c>REQUEST_DEADLINE_MS</c>: every read's deadline unless a request asks for a shorter one.</summary>
    public TimeSpan DefaultDeadline => deadlines.Default;

    /// <summary>
    /// The deadline a read asks for: the setting when it names none, a lower one it names; null when the value is not a
    /// whole number of milliseconds from 1 to the setting. A read may lower its deadline, never raise it.
    /// </summary>
    /// <param name="milliseconds">What the read asked for (a header, an MCP call's <c>_meta</c>); null for nothing.</param>
    public TimeSpan? DeadlineOf(long? milliseconds) => milliseconds switch
    {
        null => deadlines.Default,
        >= 1 and var ms when ms <= deadlines.Default.TotalMilliseconds => TimeSpan.FromMilliseconds(ms),
        _ => null,
    };

    /// <summary>What a deadline a read asks for must be, for the error that refuses another.</summary>
    public string DeadlineRule => $"a whole number of milliseconds from 1 to {deadlines.Default.TotalMilliseconds:0}";

    /// <summary>Whether the caller has quota left; null when quotas are off.</summary>
    public ValueTask<RateLimitDecision?> QuotaLeftAsync(string partition) => limiter.QuotaAsync(partition, 0);

    /// <summary>
    /// Starts a read in the current async flow: its deadline (none for a stream open by design), and a ledger the
    /// engine and the source resolver add to.
    /// </summary>
    public GovernedRead Begin(string caller, string partition, string surface, string action, TimeSpan? deadline)
    {
        if (deadline is { } budget)
        {
            Deadline.Start(time, budget);
        }
        return new GovernedRead(caller, partition, surface, action, ReadLedger.Begin(), Stopwatch.GetTimestamp());
    }

    /// <summary>Charges the read's cost and records it; <paramref name="outcome"/> null derives it from the status.</summary>
    public async ValueTask EndAsync(GovernedRead read, int status, string? outcome = null)
    {
        var charge = read.Charge;
        if (charge > 0)
        {
            await limiter.QuotaAsync(read.Partition, charge);
        }
        audit.Record(new AuditEvent(0, time.GetUtcNow(), read.Caller, read.Surface, read.Action, read.Ledger.Sources, read.Ledger.Filters,
            read.Ledger.RowsReturned, charge, outcome ?? OutcomeOf(status, read.Ledger), status, read.Ledger.Partial,
            Math.Round(Stopwatch.GetElapsedTime(read.Started).TotalMilliseconds, 2)));
    }

    /// <summary>A read refused before it started (a spent quota): nothing read, nothing charged.</summary>
    public void Refused(string caller, string surface, string action, int status, string outcome) =>
        audit.Record(new AuditEvent(0, time.GetUtcNow(), caller, surface, action, null, null, 0, 0, outcome, status, false, 0));

    /// <summary>
    /// A request refused before anyone was authenticated (a bad or missing key: 401, or 429 from the
    /// failed-authentication limit). The caller is <c>unknown</c>: what was presented is never written.
    /// </summary>
    public void Unauthorized(string surface, string action, int status) =>
        audit.RecordUnauthorized(new AuditEvent(0, time.GetUtcNow(), UnknownCaller, surface, action, null, null, 0, 0,
            status == 429 ? "rate_limited" : AuditTrail.UnauthorizedOutcome, status, false, 0));

    private static string OutcomeOf(int status, ReadLedger ledger) => status switch
    {
        < 400 when ledger.ToolError is { } code => OutcomeOfTool(code),
        < 400 when ledger.Partial => "partial",
        < 400 => "ok",
        401 or 403 => "denied",
        429 => "rate_limited",
        504 => "deadline",
        < 500 => "invalid",
        _ => "error",
    };

    private static string OutcomeOfTool(string code) => code switch
    {
        ErrorCodes.QuotaExceeded => "quota",
        ErrorCodes.DeadlineExceeded => "deadline",
        ErrorCodes.RateLimited => "rate_limited",
        ErrorCodes.SourceForbidden or ErrorCodes.PolicyNotApplicable => "denied",
        ErrorCodes.Internal => "error",
        _ => "invalid",
    };
}

/// <summary>A read under way: who, through what, its ledger and when it started.</summary>
internal sealed record GovernedRead(string Caller, string Partition, string Surface, string Action, ReadLedger Ledger, long Started)
{
    /// <summary>What the read has cost so far; nothing when it resolved no source or when all it asked was refused.</summary>
    public long Charge => Ledger.Sources is null || Ledger.OnlyRefused ? 0 : ReadCharge.Of(Ledger);
}
