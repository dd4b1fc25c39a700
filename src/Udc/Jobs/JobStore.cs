using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Storage;

namespace Udc.Jobs;

/// <summary>
/// Jobs in the SQLite database. Creating a job writes its row and its work item in one transaction, so a job
/// exists exactly when it will run (<see cref="CreateAsync"/>, committed in groups); every later change is made in
/// the transaction that settles its work item.
/// </summary>
internal sealed partial class JobStore(SqliteDatabase database, WorkQueue queue, TimeProvider time) : IAsyncDisposable
{
    /// <summary>The work queue jobs run on.</summary>
    public const string Queue = "jobs";

    /// <summary>The work queue exports started as jobs run on.</summary>
    public const string ExportQueue = "exports";

    /// <summary>The work queue of completion callbacks.</summary>
    public const string CallbackQueue = "job-callbacks";

    private const string Columns = "job_id, kind, vendor, status, payload, result, error, attempts, callback_url, created_at, updated_at, started_at, finished_at, client";

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
