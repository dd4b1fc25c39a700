using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Udc.Engine.Database;

/// <summary>
/// A SQLite session: a deferred transaction on a read-only connection, so every statement of the request reads one
/// snapshot. SQLite runs in-process, so statements are sent one by one (a round trip costs nothing), and a timer
/// interrupts a statement that runs past the timeout, since SQLite has no statement timeout of its own.
/// </summary>
internal sealed class SqliteSession : DatabaseSession
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly TimeSpan _timeout;
    private readonly Timer _interrupt;
    private readonly List<DbCommand> _commands = [];

    public SqliteSession(SqliteConnection connection, TimeSpan timeout)
    {
        _connection = connection;
        _timeout = timeout;
        _interrupt = new Timer(_ => SQLitePCL.raw.sqlite3_interrupt(connection.Handle), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _transaction = connection.BeginTransaction(deferred: true);
    }

    public override void Batch(IReadOnlyList<SqlText> statements, Action<int, DbDataReader> read, bool end)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            using var reader = Send([statements[i]], end);
            read(i, reader);
        }
    }

    protected override DbDataReader Send(IReadOnlyList<SqlText> statements, bool end)
    {
        var command = _connection.CreateCommand();
        _commands.Add(command);
        command.Transaction = _transaction;
        command.CommandText = statements[0].ToString();
        Bind(command, statements[0]);
        // Each statement gets the whole timeout from its start: a stream's parts are statements of their own.
        _interrupt.Change(_timeout, Timeout.InfiniteTimeSpan);
        return command.ExecuteReader();
    }

    /// <summary>A read-only transaction has nothing to commit: disposing it ends it in-process.</summary>
    public override void End()
    {
    }

    public override void Dispose()
    {
        _interrupt.Dispose();
        foreach (var command in _commands)
        {
            command.Dispose();
        }
        _transaction.Dispose();
        _connection.Dispose();
    }
}
