using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Ingestion.Storage;

namespace Udc.Ingestion.Running;

/// <summary>
/// Ingestion's place in the one background mechanism: an item of the <c>ingest</c> queue is a run of the connector it
/// names. A run that failed at a page is retried with the queue's backoff (or the upstream's <c>Retry-After</c>) and
/// resumes at the last committed page; a run refused by an open circuit waits without spending an attempt; a run
/// failed on schema drift is not retried, since fetching again finds the same drift.
/// </summary>
internal sealed class IngestWorkHandler(IngestService ingestion) : IWorkHandler
{
    /// <summary>4 attempts, 2 s doubling to at most a minute: a flaky upstream gets about 15 s to recover per due run.</summary>
    private static readonly RetryPolicy s_retry = new(4, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

    public string Queue => IngestService.Queue;

    public RetryPolicy Retry => s_retry;

    public async Task<WorkOutcome> RunAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (!ingestion.TryGet(item.Subject, out _))
        {
            return WorkOutcome.Fail($"connector '{item.Subject}' is not configured");
        }
        var result = await ingestion.RunAsync(item.Subject, item.Attempt > 1 ? "retry" : "schedule", cancellationToken);
        return result switch
        {
            null => ingestion.LeaseHeldElsewhere(item.Subject),
            { Status: IngestRun.Succeeded or IngestRun.NotModified } => WorkOutcome.Done(),
            { CircuitOpenFor: { } wait } => WorkOutcome.CheckLater(wait),
            { FailedOnDrift: true } => WorkOutcome.Fail(result.Error ?? "schema drift"),
            _ => WorkOutcome.Retry(result.Error ?? "the run failed", result.RetryAfter),
        };
    }

    /// <summary>Each attempt is already a run in the history, with its error: giving up adds nothing to store.</summary>
    public void GiveUp(WorkItem item, string error, SqliteConnection connection, SqliteTransaction transaction)
    {
    }
}
