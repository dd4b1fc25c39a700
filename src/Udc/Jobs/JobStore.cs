using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Storage;

namespace Udc.Jobs;

/// <summary>
/// Jobs in the SQLite database. Creating a job writes its row and its work item in one transaction, so a job
/// exists exactly when it will run; every later change is made in the transaction that settles its work item.
/// </summary>
internal sealed partial class JobStore(SqliteDatabase database, WorkQueue queue, TimeProvider time)
{
    /// <summary>The work queue jobs run on.</summary>
    public const string Queue = "jobs";

    /// <summary>The work queue exports started as jobs run on.</summary>
    public const string ExportQueue = "exports";

    /// <summary>The work queue of completion callbacks.</summary>
    public const string CallbackQueue = "job-callbacks";

    private const string Columns = "job_id, kind, vendor, status, payload, result, error, attempts, callback_url, created_at, updated_at, started_at, finished_at, client";

    /// <summary>
    /// Stores a new job and queues it, unless the client already made one with this idempotency key: then that job
    /// is returned (<c>Created</c> false), or null <c>Job</c> when its request differs from this one.
    /// </summary>
    public (Job? Job, bool Created) Create(JobRequest request, string client)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        long? itemId;
        using (var connection = database.Open(Durability.Full))
        using (var transaction = connection.BeginTransaction())
        {
            if (request.IdempotencyKey is { } key && FindByKey(connection, transaction, client, key) is { } existing)
            {
                return existing.Hash == request.Hash ? (existing.Job, false) : (null, false);
            }
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO jobs (job_id, kind, vendor, status, client, payload, request_hash, idempotency_key, callback_url, created_at, updated_at)
                    VALUES ($id, $kind, $vendor, 'queued', $client, $payload, $hash, $key, $callback, $now, $now);
                    """;
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$kind", request.Kind);
                command.Parameters.AddWithValue("$vendor", (object?)request.Vendor ?? DBNull.Value);
                command.Parameters.AddWithValue("$client", client);
                command.Parameters.AddWithValue("$payload", request.Payload);
                command.Parameters.AddWithValue("$hash", request.Hash);
                command.Parameters.AddWithValue("$key", (object?)request.IdempotencyKey ?? DBNull.Value);
                command.Parameters.AddWithValue("$callback", (object?)request.CallbackUrl ?? DBNull.Value);
                command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
            }
            itemId = WorkQueue.Add(connection, transaction, QueueOf(request.Kind), id, now, now);
            transaction.Commit();
        }
        if (itemId is { } added)
        {
            queue.Notify(added);
        }
        return (Get(id), true);
    }

    /// <summary>Who owns a job: the key that made it ('' when keys are off, where every caller is the same client).</summary>
    public static string ClientOf(Access.ClientIdentity? identity) => identity is { KeyId: { } keyId } ? "key:" + keyId : "";

    /// <summary>A job <paramref name="identity"/> may see: the admin and callers without keys see every job, a key its own.</summary>
    public static Job? VisibleTo(Job? job, Access.ClientIdentity? identity) =>
        job is not null && (identity is not { KeyId: not null } || job.Client == ClientOf(identity)) ? job : null;

    /// <summary>The work queue a kind of job runs on.</summary>
    public static string QueueOf(string kind) => kind == JobKind.Export ? ExportQueue : Queue;

    public Job? Get(string id)
    {
        using var connection = database.Open(Durability.Normal);
        return Get(connection, null, id);
    }

    internal static Job? Get(SqliteConnection connection, SqliteTransaction? transaction, string id)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM jobs WHERE job_id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static (Job Job, string Hash)? FindByKey(SqliteConnection connection, SqliteTransaction transaction, string client, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns}, request_hash FROM jobs WHERE client = $client AND idempotency_key = $key;";
        command.Parameters.AddWithValue("$client", client);
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (Read(reader), reader.GetString(14)) : null;
    }

    private static Job Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetInt64(9), reader.GetInt64(10),
        reader.IsDBNull(11) ? null : reader.GetInt64(11), reader.IsDBNull(12) ? null : reader.GetInt64(12), reader.GetString(13));

    /// <summary>One page of jobs, newest first, with the total that match.</summary>
    public (IReadOnlyList<Job> Jobs, int Total) List(string? status, string? vendor, string? kind, int page, int pageSize)
    {
        using var connection = database.Open(Durability.Normal);
        const string Where = "WHERE ($status IS NULL OR status = $status) AND ($vendor IS NULL OR vendor = $vendor) AND ($kind IS NULL OR kind = $kind)";
        void Bind(SqliteCommand command)
        {
            command.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
            command.Parameters.AddWithValue("$vendor", (object?)vendor ?? DBNull.Value);
            command.Parameters.AddWithValue("$kind", (object?)kind ?? DBNull.Value);
        }
        int total;
        using (var count = connection.CreateCommand())
        {
            count.CommandText = $"SELECT count(*) FROM jobs {Where};";
            Bind(count);
            total = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM jobs {Where} ORDER BY created_at DESC, job_id DESC LIMIT $limit OFFSET $offset;";
        Bind(command);
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", (long)(page - 1) * pageSize);
        using var reader = command.ExecuteReader();
        var jobs = new List<Job>();
        while (reader.Read())
        {
            jobs.Add(Read(reader));
        }
        return (jobs, total);
    }
}
