using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Features.Export;
using Udc.Storage;

namespace Udc.Jobs;

/// <summary>
/// Keeps the jobs table and the export folder bounded: hourly on the background scheduler (one replica runs each
/// time), deletes jobs finished longer ago than <see cref="JobSettings.Retention"/> and the files of those that were
/// exports. A finished job with a callback still to deliver stays until the callback is settled.
/// </summary>
internal sealed partial class JobPruner(SqliteDatabase database, JobSettings settings, ExportFiles files, TimeProvider time, ILogger<JobPruner> logger) : IWorkHandler
{
    public const string PruneQueue = "job-pruning";

    /// <summary>Retention is counted in hours; an hourly run keeps a job at most an hour past it. Due at start too.</summary>
    public static readonly RecurringWork Recurring = new(PruneQueue, Schedule.Every(TimeSpan.FromHours(1)), PruneQueue, "jobs", RunAtStart: true);

    /// <summary>500 deletions per transaction, as for webhook events: the write lock is held milliseconds, not seconds.</summary>
    public const int BatchSize = 500;

    public string Queue => PruneQueue;

    public RetryPolicy Retry => RetryPolicy.Housekeeping;

    public Task<WorkOutcome> RunAsync(WorkItem item, CancellationToken cancellationToken)
    {
        Prune(cancellationToken);
        return Task.FromResult(WorkOutcome.Done());
    }

    /// <summary>Deletes every job past retention, a batch at a time, and their export files; returns how many went.</summary>
    public int Prune(CancellationToken cancellationToken = default)
    {
        var cutoff = (time.GetUtcNow() - settings.Retention).ToUnixTimeMilliseconds();
        var deleted = 0;
        List<(string Id, string Kind)> batch;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch = DeleteBatch(cutoff);
            foreach (var (id, kind) in batch)
            {
                if (kind == JobKind.Export && files.Find(id) is { } path)
                {
                    File.Delete(path);
                }
            }
            deleted += batch.Count;
        }
        while (batch.Count == BatchSize);
        if (deleted > 0)
        {
            LogPruned(logger, deleted, settings.Retention.TotalHours);
        }
        return deleted;
    }

    private List<(string Id, string Kind)> DeleteBatch(long cutoff)
    {
        // Naming the queues lets each look-up use the (queue, subject) index: by subject alone it read every open item,
        // for each finished job, while holding the write lock.
        using var write = database.BeginWrite(Durability.Normal);
        using var command = write.Command($"""
            DELETE FROM jobs WHERE job_id IN (
                SELECT job_id FROM jobs
                WHERE status IN ('complete', 'failed', 'cancelled') AND finished_at < $cutoff
                  AND NOT EXISTS (SELECT 1 FROM work_items w
                                  WHERE w.queue IN ('{JobStore.Queue}', '{JobStore.ExportQueue}', '{JobStore.CallbackQueue}') AND w.subject = jobs.job_id)
                LIMIT $limit)
            RETURNING job_id, kind;
            """);
        command.Parameters.AddWithValue("$cutoff", cutoff);
        command.Parameters.AddWithValue("$limit", BatchSize);
        var gone = new List<(string, string)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                gone.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        write.Commit();
        return gone;
    }

    public void GiveUp(WorkItem item, string error, SqliteConnection connection, SqliteTransaction transaction) => LogPruneFailed(logger, error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} jobs finished more than {RetentionHours} hours ago, with their export files")]
    private static partial void LogPruned(ILogger logger, int count, double retentionHours);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning finished jobs failed after its retries; the next hour's run tries again: {Message}")]
    private static partial void LogPruneFailed(ILogger logger, string message);
}
