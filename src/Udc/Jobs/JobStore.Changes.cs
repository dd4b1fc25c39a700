using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Storage;

namespace Udc.Jobs;

internal sealed partial class JobStore
{
    /// <summary>A worker took the job: running, with the attempt it is on. Only an unfinished job changes.</summary>
    public void MarkRunning(string id, int attempt)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = database.BeginWrite(Durability.Normal);
        using var command = write.Command("""
            UPDATE jobs SET status = CASE WHEN status = 'waiting_for_vendor' THEN status ELSE 'running' END,
                attempts = $attempt, started_at = coalesce(started_at, $now), updated_at = $now
            WHERE job_id = $id AND status IN ('queued', 'running', 'waiting_for_vendor');
            """);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$attempt", attempt);
        command.Parameters.AddWithValue("$now", now);
        command.ExecuteNonQuery();
        write.Commit();
    }

    /// <summary>The job's result, in the settling transaction; queues its callback when it has one.</summary>
    public Action<SqliteConnection, SqliteTransaction> Completed(string id, string result) =>
        (connection, transaction) => Finish(connection, transaction, id, JobStatus.Complete, result, null);

    public Action<SqliteConnection, SqliteTransaction> Failed(string id, string error) =>
        (connection, transaction) => Finish(connection, transaction, id, JobStatus.Failed, null, error);

    /// <summary>An attempt failed and another follows: the job is queued again, with the error and attempts so far.</summary>
    public Action<SqliteConnection, SqliteTransaction> Retrying(string id, string error) =>
        (connection, transaction) => Update(connection, transaction, id, "status = 'queued', error = $error", command => command.Parameters.AddWithValue("$error", error));

    /// <summary>An async vendor accepted the job: it waits for the vendor's callback until <paramref name="deadline"/>.</summary>
    public Action<SqliteConnection, SqliteTransaction> Waiting(string id, DateTimeOffset deadline) =>
        (connection, transaction) => Update(connection, transaction, id, "status = 'waiting_for_vendor', vendor_deadline = $deadline, error = NULL",
            command => command.Parameters.AddWithValue("$deadline", deadline.ToUnixTimeMilliseconds()));

    internal void Finish(SqliteConnection connection, SqliteTransaction transaction, string id, string status, string? result, string? error)
    {
        var changed = Update(connection, transaction, id, "status = $status, result = $result, error = $error, finished_at = $now", command =>
        {
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$result", (object?)result ?? DBNull.Value);
            command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        });
        if (changed && Get(connection, transaction, id) is { CallbackUrl: not null })
        {
            WorkQueue.Add(connection, transaction, CallbackQueue, id, time.GetUtcNow(), time.GetUtcNow());
        }
    }

    private bool Update(SqliteConnection connection, SqliteTransaction transaction, string id, string set, Action<SqliteCommand> bind)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE jobs SET {set}, updated_at = $now WHERE job_id = $id AND status IN ('queued', 'running', 'waiting_for_vendor');";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        bind(command);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>When a job waiting for its vendor's callback gives up on it; null when it is not waiting.</summary>
    public DateTimeOffset? VendorDeadline(string id)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT vendor_deadline FROM jobs WHERE job_id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is long deadline ? DateTimeOffset.FromUnixTimeMilliseconds(deadline) : null;
    }

    /// <summary>Cancels an unfinished job and drops its work item; the job as it is now, or null when unknown.</summary>
    public (Job? Job, bool Changed) Cancel(string id)
    {
        using var write = database.BeginWrite(Durability.Full);
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (Get(connection, transaction, id) is not { } job)
        {
            return (null, false);
        }
        if (job.IsFinished)
        {
            return (job, false);
        }
        WorkQueue.Remove(connection, transaction, QueueOf(job.Kind), id);
        Finish(connection, transaction, id, JobStatus.Cancelled, null, "cancelled by the client");
        var cancelled = Get(connection, transaction, id);
        transaction.Commit();
        return (cancelled, true);
    }

    /// <summary>
    /// A vendor's callback with the job's result (or its error): accepted once, for an unfinished job of that vendor.
    /// The work item waiting for it is removed in the same transaction.
    /// </summary>
    public VendorCallbackOutcome FinishFromVendor(string id, string vendor, string? result, string? error)
    {
        VendorCallbackOutcome outcome;
        using (var write = database.BeginWrite(Durability.Full))
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var job = Get(connection, transaction, id);
            outcome = job is null || job.Vendor != vendor ? VendorCallbackOutcome.UnknownJob
                : job.Status == JobStatus.Complete || job.Status == JobStatus.Failed && job.Error?.StartsWith("vendor reported: ", StringComparison.Ordinal) == true ? VendorCallbackOutcome.AlreadyComplete
                : job.IsFinished ? VendorCallbackOutcome.Finished
                : VendorCallbackOutcome.Completed;
            if (outcome != VendorCallbackOutcome.Completed)
            {
                return outcome;
            }
            WorkQueue.Remove(connection, transaction, Queue, id);
            Finish(connection, transaction, id, error is null ? JobStatus.Complete : JobStatus.Failed, result, error);
            transaction.Commit();
        }
        // A completion callback may have been queued: this replica's workers look now, others within a poll.
        queue.Wake();
        return outcome;
    }
}

internal enum VendorCallbackOutcome
{
    Completed,
    AlreadyComplete,
    Finished,
    UnknownJob,
}
