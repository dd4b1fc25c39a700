using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Engine.Catalog;

namespace Udc.Webhooks;

/// <summary>
/// Keeps the webhook table bounded: on the background scheduler, at start and then hourly, deletes the events UDC no
/// longer needs. An event goes only when all three hold: it is applied (an unapplied one is what a restart recovers),
/// it is older than <see cref="WebhookSettings.Retention"/> (its id is what makes a redelivery a duplicate), and its
/// source's file was written after it arrived (until then the event is how a restart or a reload gets the change back).
/// </summary>
internal sealed partial class WebhookPruner(WebhookEventStore store, SourceCatalog catalog, WebhookSettings settings, TimeProvider time, ILogger<WebhookPruner> logger)
    : IWorkHandler, IDisposable
{
    public const string PruneQueue = "webhook-pruning";

    /// <summary>The retention is counted in days; an hourly run keeps an event at most an hour past it.</summary>
    public static readonly RecurringWork Recurring = new(PruneQueue, Schedule.Every(TimeSpan.FromHours(1)), PruneQueue, "webhook-events", RunAtStart: true);

    /// <summary>500 deletions among 200,000 stored events hold SQLite's write lock about 15 ms (25 ms at worst) on a shared 2-core machine.</summary>
    public const int BatchSize = 500;

    /// <summary>
    /// A webhook that finds the lock taken sleeps in SQLite's busy handler (1 ms, growing to 100 ms) and tries
    /// again; 50 ms free after each batch lets it in within a retry or two. Machine time, not the retention's
    /// clock: it is about the lock, so it does not go through <see cref="TimeProvider"/>.
    /// </summary>
    private static readonly TimeSpan s_pauseBetweenBatches = TimeSpan.FromMilliseconds(50);

    /// <summary>One run at a time, so a run asked for directly and the hourly one never count the same batch twice.</summary>
    private readonly SemaphoreSlim _oneRun = new(1, 1);

    private long _pruned;
    private long _lastRunTicks;

    /// <summary>Events deleted since start.</summary>
    public long Pruned => Interlocked.Read(ref _pruned);

    /// <summary>When the last run finished; null before the first.</summary>
    public DateTimeOffset? LastRunAt => Volatile.Read(ref _lastRunTicks) is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public TimeSpan Retention => settings.Retention;

    /// <summary>Deletes every prunable event, a batch at a time; returns how many went.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        await _oneRun.WaitAsync(cancellationToken);
        try
        {
            var cutoff = time.GetUtcNow() - settings.Retention;
            var deleted = 0;
            foreach (var state in catalog.Sources)
            {
                // Without a snapshot there is no file time to hold the events against: they wait for one.
                if (state.Snapshot is not { } snapshot)
                {
                    continue;
                }
                int batch;
                do
                {
                    batch = store.DeletePrunable(state.Name, snapshot.FileModifiedAt, cutoff, BatchSize);
                    deleted += batch;
                    Interlocked.Add(ref _pruned, batch);
                    if (batch == BatchSize)
                    {
                        await Task.Delay(s_pauseBetweenBatches, cancellationToken);
                    }
                }
                while (batch == BatchSize);
            }
            Volatile.Write(ref _lastRunTicks, time.GetUtcNow().UtcTicks);
            if (deleted > 0)
            {
                LogPruned(logger, deleted, settings.Retention.TotalDays);
            }
            return deleted;
        }
        finally
        {
            _oneRun.Release();
        }
    }

    public string Queue => PruneQueue;

    public RetryPolicy Retry => RetryPolicy.Housekeeping;

    public async Task<WorkOutcome> RunAsync(WorkItem item, CancellationToken cancellationToken)
    {
        // Events are held against their sources' file times, which only loaded sources have: the run at start waits
        // for the first load (a worker slot held for that long, rather than a wake-up on a clock that may stand still).
        await catalog.Loaded.WaitAsync(cancellationToken);
        await PruneAsync(cancellationToken);
        return WorkOutcome.Done();
    }

    public void GiveUp(WorkItem item, string error, SqliteConnection connection, SqliteTransaction transaction) => LogPruneFailed(logger, error);

    public void Dispose() => _oneRun.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} webhook events older than {RetentionDays} days whose changes their sources' files hold")]
    private static partial void LogPruned(ILogger logger, int count, double retentionDays);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning webhook events failed after its retries; the next hour's run tries again: {Message}")]
    private static partial void LogPruneFailed(ILogger logger, string message);
}
