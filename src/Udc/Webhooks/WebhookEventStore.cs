using Microsoft.Data.Sqlite;
using Udc.Engine.Patching;
using Udc.Storage;

namespace Udc.Webhooks;

/// <summary>
/// The <c>webhook_events</c> table. An event is inserted with <see cref="Durability.Full"/> before the sender
/// is answered, so an acknowledged event survives a crash or a power cut; the unique <c>webhook_id</c> makes a
/// redelivery a no-op. It is also the catalog's change log: a reloaded file gets the events newer than it.
/// <see cref="WebhookPruner"/> deletes what neither use needs any more.
/// </summary>
internal sealed class WebhookEventStore(SqliteDatabase database) : IRecordChangeLog
{
    private const string Columns = "event_id, webhook_id, source, event_type, payload, received_at, applied_at, apply_error";

    /// <summary>Stores a new event; null when an event with the same webhook id is already stored.</summary>
    public WebhookEvent? TryInsert(string webhookId, string source, string eventType, string payload, DateTimeOffset receivedAt)
    {
        using var write = database.BeginWrite(Durability.Full);
        using var command = write.Command("""
            INSERT INTO webhook_events (webhook_id, source, event_type, payload, received_at)
            VALUES ($webhook_id, $source, $event_type, $payload, $received_at)
            ON CONFLICT (webhook_id) DO NOTHING
            RETURNING event_id;
            """);
        command.Parameters.AddWithValue("$webhook_id", webhookId);
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$event_type", eventType);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$received_at", receivedAt.ToUnixTimeMilliseconds());
        var inserted = command.ExecuteScalar();
        write.Commit();
        return inserted is long eventId
            ? new WebhookEvent(eventId, webhookId, source, eventType, payload, receivedAt, null, null)
            : null;
    }

    public WebhookEvent? Find(string webhookId)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM webhook_events WHERE webhook_id = $id;";
        command.Parameters.AddWithValue("$id", webhookId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadEvent(reader) : null;
    }

    /// <summary>Losing this mark to a power cut only means the (idempotent) event is applied again on start.</summary>
    public void MarkApplied(long eventId, DateTimeOffset at, string? error)
    {
        using var write = database.BeginWrite(Durability.Normal);
        using var command = write.Command("UPDATE webhook_events SET applied_at = $at, apply_error = $error WHERE event_id = $id;");
        command.Parameters.AddWithValue("$id", eventId);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        command.ExecuteNonQuery();
        write.Commit();
    }

    public List<WebhookEvent> Unapplied()
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM webhook_events WHERE applied_at IS NULL ORDER BY event_id;";
        return ReadAll(command);
    }

    public IReadOnlyList<RecordChange> ChangesSince(string source, DateTimeOffset fileModifiedAt)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM webhook_events WHERE source = $source AND received_at > $since AND apply_error IS NULL ORDER BY event_id;";
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$since", fileModifiedAt.ToUnixTimeMilliseconds());
        var changes = new List<RecordChange>();
        foreach (var stored in ReadAll(command))
        {
            changes.AddRange(WebhookPayload.ChangesOf(stored.Payload, stored.EventType));
        }
        return changes;
    }

    /// <summary>
    /// Deletes up to <paramref name="limit"/> of a source's oldest applied events received before
    /// <paramref name="cutoff"/> and no later than its file was written (so <see cref="ChangesSince"/> no longer
    /// returns them: the file holds them); returns how many went. An unapplied event is never deleted.
    /// </summary>
    public int DeletePrunable(string source, DateTimeOffset fileModifiedAt, DateTimeOffset cutoff, int limit)
    {
        // ChangesSince returns what is newer than the file's millisecond; one past it is the first event it needs.
        var before = Math.Min(cutoff.ToUnixTimeMilliseconds(), fileModifiedAt.ToUnixTimeMilliseconds() + 1);
        // A lost delete (power cut) is redone by the next run, so the commit need not wait for the disk.
        using var write = database.BeginWrite(Durability.Normal);
        using var command = write.Command("""
            DELETE FROM webhook_events WHERE event_id IN (
                SELECT event_id FROM webhook_events
                WHERE source = $source AND received_at < $before AND applied_at IS NOT NULL
                ORDER BY received_at LIMIT $limit);
            """);
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$before", before);
        command.Parameters.AddWithValue("$limit", limit);
        var deleted = command.ExecuteNonQuery();
        write.Commit();
        return deleted;
    }

    /// <summary>One page of events, newest first, optionally of one source and one type; and how many match.</summary>
    public (List<WebhookEvent> Events, long Total) List(int page, int pageSize, string? source, string? eventType)
    {
        using var connection = database.Open(Durability.Normal);
        const string where = "WHERE ($source IS NULL OR source = $source) AND ($type IS NULL OR event_type = $type)";
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM webhook_events {where};";
        Bind(count, source, eventType);
        var total = (long)count.ExecuteScalar()!;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM webhook_events {where} ORDER BY event_id DESC LIMIT $limit OFFSET $offset;";
        Bind(command, source, eventType);
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", (long)(page - 1) * pageSize);
        return (ReadAll(command), total);
    }

    private static void Bind(SqliteCommand command, string? source, string? eventType)
    {
        command.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
        command.Parameters.AddWithValue("$type", (object?)eventType ?? DBNull.Value);
    }

    private static List<WebhookEvent> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var events = new List<WebhookEvent>();
        while (reader.Read())
        {
            events.Add(ReadEvent(reader));
        }
        return events;
    }

    private static WebhookEvent ReadEvent(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        reader.IsDBNull(7) ? null : reader.GetString(7));
}
