using System.Security.Cryptography;
using System.Text;
using Udc.Storage;

namespace Udc.Ingestion.Storage;

/// <summary>Records another replica committed, kept here too (a no-op where replicas share the database).</summary>
internal sealed partial class IngestStore
{
    public void StoreRemote(string connector, IReadOnlyList<(string Id, byte[] Record)> records, long sequence, DateTimeOffset now)
    {
        var at = now.ToUnixTimeMilliseconds();
        using var write = database.BeginWrite(Durability.Normal);
        var (connection, transaction) = (write.Connection, write.Transaction);
        using var upsert = Command(connection, transaction, """
            INSERT INTO ingest_records (connector, source_id, record, content_hash, first_seen, last_seen, run_id) VALUES ($c, $id, $record, $hash, $now, $now, 0)
            ON CONFLICT (connector, source_id) DO UPDATE SET record = excluded.record, content_hash = excluded.content_hash, last_seen = excluded.last_seen
            WHERE content_hash <> excluded.content_hash;
            """, "$c", "$id", "$record", "$hash", "$now");
        upsert.Parameters["$c"].Value = connector;
        upsert.Parameters["$now"].Value = at;
        foreach (var (id, record) in records)
        {
            upsert.Parameters["$id"].Value = id;
            upsert.Parameters["$record"].Value = Encoding.UTF8.GetString(record);
            upsert.Parameters["$hash"].Value = SHA256.HashData(record);
            upsert.ExecuteNonQuery();
        }
        using var checkpoint = connection.CreateCommand();
        checkpoint.Transaction = transaction;
        checkpoint.CommandText = """
            INSERT INTO ingest_checkpoints (connector, state, seq, run_id, updated_at) VALUES ($c, '{}', $seq, NULL, $now)
            ON CONFLICT (connector) DO UPDATE SET seq = MAX(seq, excluded.seq);
            """;
        checkpoint.Parameters.AddWithValue("$c", connector);
        checkpoint.Parameters.AddWithValue("$seq", sequence);
        checkpoint.Parameters.AddWithValue("$now", at);
        checkpoint.ExecuteNonQuery();
        transaction.Commit();
    }
}
