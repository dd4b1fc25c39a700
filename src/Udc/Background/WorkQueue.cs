using Microsoft.Data.Sqlite;
using Udc.Storage;

namespace Udc.Background;

/// <summary>
/// The durable queue: the <c>work_items</c> table is the source of truth, written before any API answers, and
/// <see cref="WorkStream"/> (Redis Streams, when configured) only tells workers sooner. An item is claimed with a
/// lease (its <c>due_at</c> moves to the lease's end and a new token fences it); an item whose lease ran out is due
/// again, so work held by a killed process runs elsewhere or after restart. Times are Unix milliseconds (UTC).
/// </summary>
internal sealed partial class WorkQueue(SqliteDatabase database, WorkStream stream, BackgroundSettings settings, TimeProvider time)
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>
    /// Adds an item in the caller's transaction, so it exists exactly when the caller's own rows do; call
    /// <see cref="Notify"/> after the commit. A subject with an item still open gets no second one.
    /// </summary>
    /// <returns>The new item's id, or null when the subject already has an open item.</returns>
    public static long? Add(SqliteConnection connection, SqliteTransaction transaction, string queue, string subject, DateTimeOffset dueAt, DateTimeOffset now)
    {
        using var adding = new Adding(connection, transaction);
        return adding.Add(queue, subject, dueAt, now);
    }

    /// <summary>
    /// Adds many items in the caller's transaction with one prepared statement: SQLite compiles the INSERT once, not once
    /// per item, which was most of the cost of storing a group of new jobs.
    /// </summary>
    internal sealed class Adding : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _queue;
        private readonly SqliteParameter _subject;
        private readonly SqliteParameter _due;
        private readonly SqliteParameter _now;

        public Adding(SqliteConnection connection, SqliteTransaction transaction)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = """
                INSERT INTO work_items (queue, subject, state, attempts, due_at, created_at, updated_at)
                VALUES ($queue, $subject, 'ready', 0, $due, $now, $now)
                ON CONFLICT (queue, subject) DO NOTHING
                RETURNING item_id;
                """;
            _queue = _command.Parameters.Add("$queue", SqliteType.Text);
            _subject = _command.Parameters.Add("$subject", SqliteType.Text);
            _due = _command.Parameters.Add("$due", SqliteType.Integer);
            _now = _command.Parameters.Add("$now", SqliteType.Integer);
        }

        /// <returns>The new item's id, or null when the subject already has an open item.</returns>
        public long? Add(string queue, string subject, DateTimeOffset dueAt, DateTimeOffset now)
        {
            _queue.Value = queue;
            _subject.Value = subject;
            _due.Value = dueAt.ToUnixTimeMilliseconds();
            _now.Value = now.ToUnixTimeMilliseconds();
            return _command.ExecuteScalar() is long id ? id : null;
        }

        public void Dispose() => _command.Dispose();
    }

    /// <summary>
    /// Removes a subject's open item in the caller's transaction (a job cancelled, or finished by a vendor's callback). A
    /// worker running it then finds its lease gone and its outcome is dropped.
    /// </summary>
    public static bool Remove(SqliteConnection connection, SqliteTransaction transaction, string queue, string subject)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM work_items WHERE queue = $queue AND subject = $subject;";
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$subject", subject);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Adds an item on its own (a run asked for now) and tells the workers.</summary>
    /// <returns>The new item's id, or null when the subject already has an open item.</returns>
    public long? Enqueue(string queue, string subject, DateTimeOffset? dueAt = null)
    {
        var now = time.GetUtcNow();
        long? id;
        using (var write = database.BeginWrite(Durability.Full))
        {
            id = Add(write.Connection, write.Transaction, queue, subject, dueAt ?? now, now);
            write.Commit();
        }
        if (id is { } added)
        {
            Notify(added);
        }
        return id;
    }

    /// <summary>Tells this process's workers at once and, with Redis, every replica's.</summary>
    public void Notify(long itemId)
    {
        Wake();
        stream.Publish(itemId);
    }

    /// <summary>Items queued or running, by queue: for status pages.</summary>
    public IReadOnlyDictionary<string, int> CountOpen()
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT queue, count(*) FROM work_items GROUP BY queue;";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }
        return counts;
    }

    internal void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread woke the worker first: once is enough.
            }
        }
    }

    /// <summary>Waits for <see cref="Wake"/> or the poll interval, whichever comes first.</summary>
    internal Task WaitAsync(CancellationToken cancellationToken) => _wake.WaitAsync(settings.PollInterval, cancellationToken);
}
