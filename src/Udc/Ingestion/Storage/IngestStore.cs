using System.Text.Json;
using Microsoft.Data.Sqlite;
using Udc.Storage;

namespace Udc.Ingestion.Storage;

/// <summary>
/// Ingestion's tables in UDC's SQLite database: normalized records (one per upstream id), raw records, rejected
/// rows, run history and one checkpoint per connector. A page's rows, its counts on the run and the checkpoint that
/// says the page is done are written in one transaction that waits for the disk (<see cref="Durability.Full"/>):
/// after a crash either all of a page is there, checkpoint included, or none of it, so no record is lost or doubled.
/// </summary>
internal sealed partial class IngestStore(SqliteDatabase database)
{
    private const string RunColumns = "run_id, connector, trigger, started_at, ended_at, status, pages, requests, fetched, inserted, updated, unchanged, rejected, error, drift";

    public SqliteDatabase Database => database;

    /// <summary>The connector's checkpoint and commit sequence; the initial one (sequence 0) before its first commit.</summary>
    public (IngestCheckpoint Checkpoint, long Sequence) LoadCheckpoint(string connector)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state, seq FROM ingest_checkpoints WHERE connector = $c;";
        command.Parameters.AddWithValue("$c", connector);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (JsonSerializer.Deserialize(reader.GetString(0), IngestJsonContext.Default.IngestCheckpoint) ?? IngestCheckpoint.Initial, reader.GetInt64(1))
            : (IngestCheckpoint.Initial, 0);
    }

    /// <summary>
    /// Starts a run: the oldest run queued for the connector (asked for by <c>POST /ingest/{connector}/run</c>), else a
    /// new one. Any run of the connector still marked running was cut off (one run per connector at a time, under
    /// its lease): it is marked interrupted, with the checkpoint its last committed page left.
    /// </summary>
    public long StartRun(string connector, string trigger, DateTimeOffset now)
    {
        using var write = database.BeginWrite(Durability.Normal);
        var (connection, transaction) = (write.Connection, write.Transaction);
        using (var stale = connection.CreateCommand())
        {
            stale.Transaction = transaction;
            stale.CommandText = "UPDATE ingest_runs SET status = 'interrupted', ended_at = COALESCE(ended_at, $now), error = 'the process running it stopped before the run ended' WHERE connector = $c AND status = 'running';";
            stale.Parameters.AddWithValue("$c", connector);
            stale.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            stale.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE ingest_runs SET status = 'running', started_at = $now
            WHERE run_id = (SELECT MIN(run_id) FROM ingest_runs WHERE connector = $c AND status = 'queued') RETURNING run_id;
            """;
        command.Parameters.AddWithValue("$c", connector);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        if (command.ExecuteScalar() is not long runId)
        {
            command.CommandText = "INSERT INTO ingest_runs (connector, trigger, started_at, status) VALUES ($c, $t, $now, 'running') RETURNING run_id;";
            command.Parameters.AddWithValue("$t", trigger);
            runId = (long)command.ExecuteScalar()!;
        }
        transaction.Commit();
        return runId;
    }

    /// <summary>
    /// Queues a run asked for now, in <paramref name="transaction"/> (the one that queues its work item), so the run
    /// exists exactly when its work does.
    /// </summary>
    public static long QueueRun(SqliteConnection connection, SqliteTransaction transaction, string connector, DateTimeOffset now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO ingest_runs (connector, trigger, started_at, status) VALUES ($c, 'manual', $now, 'queued') RETURNING run_id;";
        command.Parameters.AddWithValue("$c", connector);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Closes the connector's queued runs as skipped: another process holds its lease and is running it.</summary>
    public void SkipQueued(string connector, DateTimeOffset now)
    {
        using var write = database.BeginWrite(Durability.Normal);
        using var command = write.Command("UPDATE ingest_runs SET status = 'skipped', ended_at = $now, error = 'another replica was running this connector' WHERE connector = $c AND status = 'queued';");
        command.Parameters.AddWithValue("$c", connector);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        write.Commit();
    }

    /// <summary>Whether a run of the connector is marked running (by this process or one that stopped mid-run).</summary>
    public bool HasRunning(string connector)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM ingest_runs WHERE connector = $c AND status = 'running');";
        command.Parameters.AddWithValue("$c", connector);
        return command.ExecuteScalar() is 1L;
    }

    /// <summary>The run queued or running for the connector, newest first; null when there is none.</summary>
    public long? OpenRun(string connector)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(run_id) FROM ingest_runs WHERE connector = $c AND status IN ('queued', 'running');";
        command.Parameters.AddWithValue("$c", connector);
        return command.ExecuteScalar() is long id ? id : null;
    }

    /// <summary>Ends a run: its status, error, drift and field profile, and the requests it made.</summary>
    public void FinishRun(long runId, string status, string? error, IReadOnlyList<DriftFinding> drift, Dictionary<string, FieldProfile>? fields, int requests, DateTimeOffset now)
    {
        using var write = database.BeginWrite(Durability.Normal);
        using var command = write.Command("UPDATE ingest_runs SET status = $s, error = $e, drift = $d, fields = $f, requests = requests + $r, ended_at = $now WHERE run_id = $id;");
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$s", status);
        command.Parameters.AddWithValue("$e", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("$d", drift.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(drift.ToList(), IngestJsonContext.Default.ListDriftFinding));
        command.Parameters.AddWithValue("$f", fields is null ? DBNull.Value : JsonSerializer.Serialize(fields, IngestJsonContext.Default.DictionaryStringFieldProfile));
        command.Parameters.AddWithValue("$r", requests);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        write.Commit();
    }

    /// <summary>Writes the checkpoint alone: a run that found nothing new keeps its new validators.</summary>
    public void SaveCheckpoint(string connector, long runId, IngestCheckpoint checkpoint, DateTimeOffset now)
    {
        using var write = database.BeginWrite(Durability.Normal);
        var (connection, transaction) = (write.Connection, write.Transaction);
        WriteCheckpoint(connection, transaction, connector, runId, checkpoint, now);
        transaction.Commit();
    }

    /// <summary>The normalized records of a connector, in the order they first arrived.</summary>
    public List<byte[]> LoadRecords(string connector)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM ingest_records WHERE connector = $c ORDER BY rowid;";
        command.Parameters.AddWithValue("$c", connector);
        using var reader = command.ExecuteReader();
        var records = new List<byte[]>();
        while (reader.Read())
        {
            records.Add(System.Text.Encoding.UTF8.GetBytes(reader.GetString(0)));
        }
        return records;
    }

    private static long WriteCheckpoint(SqliteConnection connection, SqliteTransaction transaction, string connector, long runId, IngestCheckpoint checkpoint, DateTimeOffset now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO ingest_checkpoints (connector, state, seq, run_id, updated_at) VALUES ($c, $s, 1, $run, $now)
            ON CONFLICT (connector) DO UPDATE SET state = excluded.state, seq = seq + 1, run_id = excluded.run_id, updated_at = excluded.updated_at
            RETURNING seq;
            """;
        command.Parameters.AddWithValue("$c", connector);
        command.Parameters.AddWithValue("$s", JsonSerializer.Serialize(checkpoint, IngestJsonContext.Default.IngestCheckpoint));
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return (long)command.ExecuteScalar()!;
    }
}
