using Microsoft.Data.Sqlite;
using Udc.Engine.Catalog;

namespace Udc.Webhooks;

/// <summary>
/// Keeps the webhook table bounded: at start and then hourly, deletes the events UDC no longer needs. An event
/// goes only when all three hold: it is applied (an unapplied one is what a restart recovers), it is older than
/// <see cref="WebhookSettings.Retention"/> (its id is what makes a redelivery a duplicate), and its source's file
/// was written after it arrived (until then the event is how a restart or a reload gets the change back).
/// </summary>
internal sealed partial class WebhookPruner(WebhookEventStore store, SourceCatalog catalog, WebhookSettings settings, TimeProvider time, ILogger<WebhookPruner> logger)
    : BackgroundService
{
    /// <summary>500 deletions among 200,000 stored events hold SQLite's write lock about 15 ms (25 ms at worst) on a shared 2-core machine.</summary>
    public const int BatchSize = 500;

    /// <summary>The retention is counted in days; an hourly run keeps an event at most an hour past it.</summary>
    private static readonly TimeSpan s_interval = TimeSpan.FromHours(1);

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

    public override void Dispose()
    {
        _oneRun.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval, time);
        try
        {
            // Events are held against their sources' file times, which only loaded sources have.
            await catalog.Loaded.WaitAsync(stoppingToken);
            do
            {
                try
                {
                    await PruneAsync(stoppingToken);
                }
                catch (Exception e) when (e is SqliteException or InvalidOperationException)
                {
                    LogPruneFailed(logger, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped: also when the server failed to start, where the host would report a cancelled service as a
            // failure that stops it, at critical level, above the start's own error.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} webhook events older than {RetentionDays} days whose changes their sources' files hold")]
    private static partial void LogPruned(ILogger logger, int count, double retentionDays);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning webhook events failed; the next run tries again: {Message}")]
    private static partial void LogPruneFailed(ILogger logger, string message);
}
