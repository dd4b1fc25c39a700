using Microsoft.Data.Sqlite;
using Udc.Storage;

namespace Udc.Background;

internal sealed partial class WorkQueue
{
    private const string Returning = "RETURNING item_id, queue, subject, attempts, lease_token, last_error, created_at;";

    /// <summary>Claims the item due first among <paramref name="queues"/> (a JSON array of names); null when none is due.</summary>
    internal WorkItem? ClaimNext(string queues, string owner) => ClaimDue(queues, owner, 1) is [var item] ? item : null;

    /// <summary>
    /// The items a claim takes: due among <c>$queues</c>, earliest first, at most <c>$max</c>. <c>+queue</c> keeps
    /// SQLite off the <c>(queue, subject)</c> index: through it, every claim read and sorted every item of the queue
    /// (55,000 in a 20 s load run, each claim slower as the backlog grew); walking <c>due_at</c> in order stops at the
    /// first <c>$max</c> that match.
    /// </summary>
    internal const string DueItems = """
        SELECT item_id FROM work_items
        WHERE due_at <= $now AND +queue IN (SELECT value FROM json_each($queues))
        ORDER BY due_at LIMIT $max
        """;

    /// <summary>
    /// Claims up to <paramref name="max"/> items due among <paramref name="queues"/>, earliest first, in one write: a
    /// worker with free slots fills them all with one transaction rather than one each.
    /// </summary>
    internal List<WorkItem> ClaimDue(string queues, string owner, int max) => Claim(owner, $"WHERE item_id IN ({DueItems})", command =>
    {
        command.Parameters.AddWithValue("$queues", queues);
        command.Parameters.AddWithValue("$max", max);
    });

    /// <summary>Claims one item by id (named on the stream) when it is due; null when it is not, or is gone.</summary>
    internal WorkItem? ClaimById(long itemId, string queues, string owner) => Claim(owner, """
        WHERE item_id = $id AND due_at <= $now AND queue IN (SELECT value FROM json_each($queues))
        """, command =>
    {
        command.Parameters.AddWithValue("$id", itemId);
        command.Parameters.AddWithValue("$queues", queues);
    }) is [var item] ? item : null;

    private List<WorkItem> Claim(string owner, string where, Action<SqliteCommand> bind)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var items = new List<WorkItem>();
        using var write = database.BeginWrite(Durability.Full);
        using (var command = write.Command($"""
            UPDATE work_items SET state = 'leased', attempts = attempts + 1, due_at = $until, lease_owner = $owner,
                lease_token = $token, updated_at = $now
            {where}
            {Returning}
            """))
        {
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$until", now + (long)settings.LeaseTime.TotalMilliseconds);
            command.Parameters.AddWithValue("$owner", owner);
            // One token per claim: each item's lease is fenced by the claim that took it, and a batch is one claim.
            command.Parameters.AddWithValue("$token", Guid.NewGuid().ToString("N"));
            bind(command);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(new WorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
            }
        }
        write.Commit();
        return items;
    }

    /// <summary>Extends a held lease; false when the item is no longer this claim's (settled elsewhere, or reclaimed).</summary>
    internal bool Renew(WorkItem item)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = database.BeginWrite(Durability.Normal);
        using var command = write.Command("UPDATE work_items SET due_at = $until, updated_at = $now WHERE item_id = $id AND lease_token = $token;");
        command.Parameters.AddWithValue("$until", now + (long)settings.LeaseTime.TotalMilliseconds);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$id", item.Id);
        command.Parameters.AddWithValue("$token", item.LeaseToken);
        var renewed = command.ExecuteNonQuery() == 1;
        write.Commit();
        return renewed;
    }

    /// <summary>
    /// Settles a claimed item in one transaction with the handler's own write: removed (done, failed, given up),
    /// or back to ready at <paramref name="dueAt"/>. Nothing is written unless this claim still holds the item.
    /// </summary>
    /// <param name="spendAttempt">False gives the attempt back (a wait, a shutdown): only failures count.</param>
    /// <returns>False when the lease was lost: neither the item nor the handler's write changed.</returns>
    internal bool Settle(WorkItem item, DateTimeOffset? dueAt, bool spendAttempt, string? error, Action<SqliteConnection, SqliteTransaction>? apply)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = database.BeginWrite(Durability.Full);
        using (var command = write.Command(""))
        {
            if (dueAt is null)
            {
                command.CommandText = "DELETE FROM work_items WHERE item_id = $id AND lease_token = $token;";
            }
            else
            {
                command.CommandText = $"""
                    UPDATE work_items SET state = 'ready', due_at = $due, lease_owner = NULL, lease_token = NULL,
                        last_error = coalesce($error, last_error), updated_at = $now{(spendAttempt ? "" : ", attempts = attempts - 1")}
                    WHERE item_id = $id AND lease_token = $token;
                    """;
                command.Parameters.AddWithValue("$due", dueAt.Value.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
                command.Parameters.AddWithValue("$now", now);
            }
            command.Parameters.AddWithValue("$id", item.Id);
            command.Parameters.AddWithValue("$token", item.LeaseToken);
            if (command.ExecuteNonQuery() != 1)
            {
                return false;
            }
        }
        apply?.Invoke(write.Connection, write.Transaction);
        write.Commit();
        return true;
    }
}
