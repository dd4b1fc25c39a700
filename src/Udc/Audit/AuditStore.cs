using System.Text;
using Microsoft.Data.Sqlite;
using Udc.Storage;

namespace Udc.Audit;

/// <summary>The <c>audit_events</c> table: appended in batches, read newest first with filters, pruned by age.</summary>
internal sealed class AuditStore(SqliteDatabase database)
{
    private const string Columns = "event_id, at, caller, surface, action, source, filters, rows, charge, outcome, status, partial, duration_ms";

    /// <summary>
    /// Events are written behind the write gate, at most <see cref="MaxChunk"/> to a transaction: a second's events at
    /// 13,000 requests/s took about 100 ms to insert, and written in one transaction outside the gate they held SQLite's
    /// write lock that long while every gated writer slept in SQLite's busy handler (a <c>POST /jobs</c> every second
    /// waited 80 to 190 ms). In chunks, the other writers take their turns in between. Normal durability: a power cut
    /// may lose the last second of reads, never corrupt the file.
    /// </summary>
    public void Append(IReadOnlyList<AuditEvent> events)
    {
        for (var start = 0; start < events.Count; start += MaxChunk)
        {
            using var write = database.BeginWrite(Durability.Normal);
            Insert(write, events, start, Math.Min(events.Count, start + MaxChunk));
            write.Commit();
        }
    }

    /// <summary>About 2 ms of inserts: the longest any other writer waits for the audit.</summary>
    internal const int MaxChunk = 256;

    private static void Insert(SqliteWrite write, IReadOnlyList<AuditEvent> events, int start, int end)
    {
        using var command = write.Command("""
            INSERT INTO audit_events (at, caller, surface, action, source, filters, rows, charge, outcome, status, partial, duration_ms)
            VALUES ($at, $caller, $surface, $action, $source, $filters, $rows, $charge, $outcome, $status, $partial, $duration);
            """);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var caller = command.Parameters.Add("$caller", SqliteType.Text);
        var surface = command.Parameters.Add("$surface", SqliteType.Text);
        var action = command.Parameters.Add("$action", SqliteType.Text);
        var source = command.Parameters.Add("$source", SqliteType.Text);
        var filters = command.Parameters.Add("$filters", SqliteType.Text);
        var rows = command.Parameters.Add("$rows", SqliteType.Integer);
        var charge = command.Parameters.Add("$charge", SqliteType.Integer);
        var outcome = command.Parameters.Add("$outcome", SqliteType.Text);
        var status = command.Parameters.Add("$status", SqliteType.Integer);
        var partial = command.Parameters.Add("$partial", SqliteType.Integer);
        var duration = command.Parameters.Add("$duration", SqliteType.Real);
        for (var i = start; i < end; i++)
        {
            var item = events[i];
            at.Value = item.At.ToUnixTimeMilliseconds();
            caller.Value = item.Caller;
            surface.Value = item.Surface;
            action.Value = item.Action;
            source.Value = (object?)item.Source ?? DBNull.Value;
            filters.Value = (object?)item.Filters ?? DBNull.Value;
            rows.Value = item.Rows;
            charge.Value = item.Charge;
            outcome.Value = item.Outcome;
            status.Value = item.Status;
            partial.Value = item.Partial ? 1 : 0;
            duration.Value = item.DurationMs;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Events matching every given filter, newest first; <see cref="AuditQuery.Before"/> pages by event id.</summary>
    public List<AuditEvent> Find(AuditQuery query)
    {
        using var connection = database.Open(Durability.Normal);
        using var command = connection.CreateCommand();
        var where = new StringBuilder("WHERE 1 = 1");
        void Add(string clause, string name, object? value)
        {
            if (value is not null)
            {
                where.Append(" AND ").Append(clause);
                command.Parameters.AddWithValue(name, value);
            }
        }
        Add("caller = $caller", "$caller", query.Caller);
        Add("surface = $surface", "$surface", query.Surface);
        Add("(',' || source || ',') LIKE ('%,' || $source || ',%')", "$source", query.Source);
        Add("outcome = $outcome", "$outcome", query.Outcome);
        Add("at >= $from", "$from", query.From?.ToUnixTimeMilliseconds());
        Add("at <= $to", "$to", query.To?.ToUnixTimeMilliseconds());
        Add("event_id < $before", "$before", query.Before);
        command.CommandText = $"SELECT {Columns} FROM audit_events {where} ORDER BY event_id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", query.Limit);
        using var reader = command.ExecuteReader();
        var events = new List<AuditEvent>();
        while (reader.Read())
        {
            events.Add(new AuditEvent(
                reader.GetInt64(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7),
                reader.GetInt64(8),
                reader.GetString(9),
                reader.GetInt32(10),
                reader.GetInt64(11) != 0,
                reader.GetDouble(12)));
        }
        return events;
    }

    /// <summary>
    /// Deletes up to <paramref name="batch"/> events older than <paramref name="cutoff"/> (of one outcome, when
    /// given); returns how many.
    /// </summary>
    public int DeleteOlderThan(DateTimeOffset cutoff, int batch, string? outcome = null)
    {
        using var write = database.BeginWrite(Durability.Normal);
        using var command = write.Command(outcome is null
            ? "DELETE FROM audit_events WHERE event_id IN (SELECT event_id FROM audit_events WHERE at < $cutoff ORDER BY at LIMIT $batch);"
            : "DELETE FROM audit_events WHERE event_id IN (SELECT event_id FROM audit_events WHERE at < $cutoff AND outcome = $outcome ORDER BY at LIMIT $batch);");
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        if (outcome is not null)
        {
            command.Parameters.AddWithValue("$outcome", outcome);
        }
        command.Parameters.AddWithValue("$batch", batch);
        var deleted = command.ExecuteNonQuery();
        write.Commit();
        return deleted;
    }
}
