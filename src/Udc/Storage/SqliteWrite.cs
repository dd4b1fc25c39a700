using Microsoft.Data.Sqlite;

namespace Udc.Storage;

/// <summary>
/// One write transaction (<c>BEGIN IMMEDIATE</c>) held behind its database's write gate, from
/// <see cref="SqliteDatabase.BeginWrite"/>. Disposing it rolls back what was not committed, then lets the next writer
/// of this process in. Synchronous by design: the gate is owned by a thread, so nothing awaits while holding it.
/// </summary>
internal sealed class SqliteWrite : IDisposable
{
    private readonly WriteGate _gate;
    private readonly WalCheckpointer _checkpointer;
    private bool _disposed;

    internal SqliteWrite(SqliteConnection connection, WriteGate gate, WalCheckpointer checkpointer)
    {
        _gate = gate;
        _checkpointer = checkpointer;
        Connection = connection;
        _gate.Enter();
        try
        {
            Transaction = connection.BeginTransaction(deferred: false);
        }
        catch
        {
            _gate.Exit();
            throw;
        }
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    public void Commit() => Transaction.Commit();

    /// <summary>A command in this transaction.</summary>
    public SqliteCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            Transaction.Dispose();
        }
        finally
        {
            _gate.Exit();
            Connection.Dispose();
            // Whoever committed (this, or the transaction itself), the WAL may have grown: see WalCheckpointer.
            _checkpointer.Written();
        }
    }
}
