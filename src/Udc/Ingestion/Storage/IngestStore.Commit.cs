using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Udc.Ingestion.Fetching;
using Udc.Storage;

namespace Udc.Ingestion.Storage;

/// <summary>Committing a page: upserts, raw copies, rejected rows, the run's counts and the checkpoint, all at once.</summary>
internal sealed partial class IngestStore
{
    /// <returns>What changed; <see cref="PageCommit.Changed"/> holds the inserted and updated records for the source.</returns>
    public PageCommit CommitPage(string connector, long runId, int pageNumber, FetchedPage page, IngestCheckpoint checkpoint, DateTimeOffset now)
    {
        var at = now.ToUnixTimeMilliseconds();
        using var write = database.BeginWrite(Durability.Full);
        var (connection, transaction) = (write.Connection, write.Transaction);
        using var insert = Command(connection, transaction,
            "INSERT INTO ingest_records (connector, source_id, record, content_hash, first_seen, last_seen, run_id) VALUES ($c, $id, $record, $hash, $now, $now, $run) RETURNING rowid;",
            "$c", "$id", "$record", "$hash", "$now", "$run");
        using var update = Command(connection, transaction, "UPDATE ingest_records SET record = $record, content_hash = $hash, last_seen = $now, run_id = $run WHERE rowid = $rowid;",
            "$rowid", "$record", "$hash", "$now", "$run");
        using var touch = Command(connection, transaction, "UPDATE ingest_records SET last_seen = $now WHERE rowid = $rowid;", "$rowid", "$now");
        using var raw = Command(connection, transaction,
            "INSERT INTO ingest_raw (connector, run_id, source_id, fetched_at, content_hash, body) VALUES ($c, $run, $id, $now, $hash, $body);",
            "$c", "$run", "$id", "$now", "$hash", "$body");
        foreach (var command in (ReadOnlySpan<SqliteCommand>)[insert, raw])
        {
            command.Parameters["$c"].Value = connector;
        }
        foreach (var command in (ReadOnlySpan<SqliteCommand>)[insert, update, touch, raw])
        {
            command.Parameters["$now"].Value = at;
        }
        foreach (var command in (ReadOnlySpan<SqliteCommand>)[insert, update, raw])
        {
            command.Parameters["$run"].Value = runId;
        }

        int inserted = 0, updated = 0, unchanged = 0;
        var changed = new List<(string Id, byte[] Record)>();
        var changedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var stored = StoredRecords(connection, transaction, connector, page.Records);
        foreach (var record in page.Records)
        {
            var hash = SHA256.HashData(record.Normalized);
            long? rowId = null;
            var same = false;
            if (stored.TryGetValue(record.Id, out var found))
            {
                rowId = found.RowId;
                same = hash.AsSpan().SequenceEqual(found.Hash);
            }
            if (same)
            {
                touch.Parameters["$rowid"].Value = rowId!.Value;
                touch.ExecuteNonQuery();
                unchanged++;
                continue;
            }
            var text = Encoding.UTF8.GetString(record.Normalized);
            if (rowId is { } existing)
            {
                update.Parameters["$rowid"].Value = existing;
                update.Parameters["$record"].Value = text;
                update.Parameters["$hash"].Value = hash;
                update.ExecuteNonQuery();
                stored[record.Id] = (existing, hash);
                updated++;
            }
            else
            {
                insert.Parameters["$id"].Value = record.Id;
                insert.Parameters["$record"].Value = text;
                insert.Parameters["$hash"].Value = hash;
                // An id twice in one page finds its first version here, as it would one stored before the page.
                stored[record.Id] = ((long)insert.ExecuteScalar()!, hash);
                inserted++;
            }
            raw.Parameters["$id"].Value = record.Id;
            raw.Parameters["$hash"].Value = ReferenceEquals(text, record.Raw) || text == record.Raw ? hash : SHA256.HashData(Encoding.UTF8.GetBytes(record.Raw));
            raw.Parameters["$body"].Value = record.Raw;
            raw.ExecuteNonQuery();
            // An id twice in one page is one record in the source: the later version, in the earlier place.
            if (changedAt.TryGetValue(record.Id, out var index))
            {
                changed[index] = (record.Id, record.Normalized);
            }
            else
            {
                changedAt[record.Id] = changed.Count;
                changed.Add((record.Id, record.Normalized));
            }
        }
        WriteRejected(connection, transaction, connector, runId, pageNumber, page.Rejected, at);
        using (var counts = connection.CreateCommand())
        {
            counts.Transaction = transaction;
            counts.CommandText = """
                UPDATE ingest_runs SET pages = pages + 1, requests = requests + $req, fetched = fetched + $f, inserted = inserted + $i,
                    updated = updated + $u, unchanged = unchanged + $n, rejected = rejected + $r WHERE run_id = $run;
                """;
            counts.Parameters.AddWithValue("$req", page.Requests);
            counts.Parameters.AddWithValue("$f", page.Records.Count + page.Rejected.Count);
            counts.Parameters.AddWithValue("$i", inserted);
            counts.Parameters.AddWithValue("$u", updated);
            counts.Parameters.AddWithValue("$n", unchanged);
            counts.Parameters.AddWithValue("$r", page.Rejected.Count);
            counts.Parameters.AddWithValue("$run", runId);
            counts.ExecuteNonQuery();
        }
        var sequence = WriteCheckpoint(connection, transaction, connector, runId, checkpoint, now);
        transaction.Commit();
        return new PageCommit(inserted, updated, unchanged, page.Rejected.Count, sequence, changed);
    }

    /// <summary>
    /// The stored row and content hash of each of the page's ids already held, in one statement: a lookup per record
    /// cost more than the page's inserts.
    /// </summary>
    private static Dictionary<string, (long RowId, byte[] Hash)> StoredRecords(SqliteConnection connection, SqliteTransaction transaction, string connector, List<FetchedRecord> records)
    {
        var ids = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(ids))
        {
            json.WriteStartArray();
            foreach (var record in records)
            {
                json.WriteStringValue(record.Id);
            }
            json.WriteEndArray();
        }
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT source_id, rowid, content_hash FROM ingest_records WHERE connector = $c AND source_id IN (SELECT value FROM json_each($ids));";
        command.Parameters.AddWithValue("$c", connector);
        command.Parameters.AddWithValue("$ids", Encoding.UTF8.GetString(ids.WrittenSpan));
        var stored = new Dictionary<string, (long, byte[])>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            stored[reader.GetString(0)] = (reader.GetInt64(1), (byte[])reader.GetValue(2));
        }
        return stored;
    }

    private static void WriteRejected(SqliteConnection connection, SqliteTransaction transaction, string connector, long runId, int pageNumber, List<RejectedRecord> rejected, long at)
    {
        if (rejected.Count == 0)
        {
            return;
        }
        using var command = Command(connection, transaction,
            "INSERT INTO ingest_rejected (connector, run_id, page, source_id, reason, body, rejected_at) VALUES ($c, $run, $page, $id, $reason, $body, $now);",
            "$c", "$run", "$page", "$id", "$reason", "$body", "$now");
        command.Parameters["$c"].Value = connector;
        command.Parameters["$run"].Value = runId;
        command.Parameters["$page"].Value = pageNumber;
        command.Parameters["$now"].Value = at;
        foreach (var row in rejected)
        {
            command.Parameters["$id"].Value = (object?)row.Id ?? DBNull.Value;
            command.Parameters["$reason"].Value = row.Reason;
            command.Parameters["$body"].Value = row.Raw;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>A command prepared once per transaction, its parameters declared, so each row only sets values.</summary>
    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params ReadOnlySpan<string> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }
        command.Prepare();
        return command;
    }
}
