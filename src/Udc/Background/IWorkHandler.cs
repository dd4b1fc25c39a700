using Microsoft.Data.Sqlite;

namespace Udc.Background;

/// <summary>
/// Runs the items of one queue. Register it with <c>services.AddSingleton&lt;IWorkHandler, T&gt;()</c>; the one
/// <see cref="WorkerService"/> claims items, renews their leases, retries and settles them. A handler never sleeps to
/// retry or loops over failures itself: it returns a <see cref="WorkOutcome"/>.
/// </summary>
internal interface IWorkHandler
{
    /// <summary>The queue's name, as given to <see cref="WorkQueue.Enqueue"/>.</summary>
    string Queue { get; }

    RetryPolicy Retry { get; }

    /// <summary>
    /// Runs one item. The token is cancelled when the lease is lost or the process stops (the item then runs again
    /// elsewhere or after restart), so the work must be safe to repeat until its outcome is settled. A thrown
    /// exception counts as <see cref="WorkOutcome.Retry"/>; <see cref="Outbound.TargetUnavailableException"/> as a
    /// <see cref="WorkOutcome.CheckLater"/> until the target's circuit lets a call through.
    /// </summary>
    Task<WorkOutcome> RunAsync(WorkItem item, CancellationToken cancellationToken);

    /// <summary>The handler's record of an item given up after its last attempt, in the transaction that removes it.</summary>
    void GiveUp(WorkItem item, string error, SqliteConnection connection, SqliteTransaction transaction);
}
