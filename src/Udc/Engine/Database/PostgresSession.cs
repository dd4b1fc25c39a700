using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Udc.Engine.Database;

/// <summary>
/// A PostgreSQL session: each round trip is one Npgsql batch. The first carries <c>BEGIN ... REPEATABLE READ, READ
/// ONLY</c> and the statement timeout, so every statement of the request sees one snapshot and none can write; the
/// last may carry <c>COMMIT</c>. A filtered page (count and rows) is one round trip instead of four.
/// </summary>
internal sealed class PostgresSession(NpgsqlConnection connection, TimeSpan timeout) : DatabaseSession
{
    private const string Begin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    private readonly List<NpgsqlBatch> _batches = [];
    private bool _open;

    protected override DbDataReader Send(IReadOnlyList<SqlText> statements, bool end)
    {
        var batch = connection.CreateBatch();
        _batches.Add(batch);
        if (!_open)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Begin));
            // The timeout is UDC's own number, never a caller's text; SET takes no parameters.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL statement_timeout = " + ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
            _open = true;
        }
        foreach (var statement in statements)
        {
            var command = new NpgsqlBatchCommand(statement.ToString());
            Bind(command.Parameters, () => new NpgsqlParameter(), statement);
            batch.BatchCommands.Add(command);
        }
        if (end)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            _open = false;
        }
        // Statements that return no rows (BEGIN, SET, COMMIT) have no result set: the reader stands on the first statement's rows.
        return batch.ExecuteReader();
    }

    public override void End()
    {
        if (_open)
        {
            _open = false;
            using var commit = new NpgsqlCommand("COMMIT", connection);
            commit.ExecuteNonQuery();
        }
    }

    public override void Dispose()
    {
        foreach (var batch in _batches)
        {
            batch.Dispose();
        }
        connection.Dispose();
    }
}
