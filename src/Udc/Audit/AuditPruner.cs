using Microsoft.Data.Sqlite;
using Udc.Background;

namespace Udc.Audit;

/// <summary>
/// Keeps the audit table bounded: on the background scheduler, at start and then hourly, deletes events past their
/// retention (refusals before authentication sooner, see <see cref="AuditTrail.Prune"/>). On a schedule rather than
/// beside the writes, so an audit that stopped receiving events (or was switched off) still ages out what it holds.
/// </summary>
internal sealed partial class AuditPruner(AuditTrail trail, ILogger<AuditPruner> logger) : IWorkHandler
{
    public const string PruneQueue = "audit-pruning";

    /// <summary>Retention is counted in days; an hourly run keeps an event at most an hour past it.</summary>
    public static readonly RecurringWork Recurring = new(PruneQueue, Schedule.Every(TimeSpan.FromHours(1)), PruneQueue, "audit-events", RunAtStart: true);

    public string Queue => PruneQueue;

    public RetryPolicy Retry => RetryPolicy.Housekeeping;

    public Task<WorkOutcome> RunAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var pruned = trail.Prune();
        if (pruned > 0)
        {
            LogPruned(logger, pruned);
        }
        return Task.FromResult(WorkOutcome.Done());
    }

    public void GiveUp(WorkItem item, string error, SqliteConnection connection, SqliteTransaction transaction) => LogPruneFailed(logger, error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} audit events past their retention")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning audit events failed after its retries; the next hour's run tries again: {Message}")]
    private static partial void LogPruneFailed(ILogger logger, string message);
}
