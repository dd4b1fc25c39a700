namespace Udc.Engine.Database;

/// <summary>
/// The connections of one database source: a bounded pool, and every request in one read-only transaction the
/// database cancels after the source's statement timeout. Failures come out as <see cref="DatabaseReadException"/>
/// whatever the engine, so every surface reports them alike.
/// </summary>
internal abstract class DatabaseClient(int maxConnections) : IDisposable
{
    /// <summary>
    /// The bound on connections in use, waited on as a plain blocking wait: requests read synchronously, and a driver's
    /// own pool wait that needs a thread-pool thread to wake it starves under load (32 clients on 2 connections got 26
    /// 503s through Npgsql's), where a released permit wakes a waiter directly.
    /// </summary>
    private readonly SemaphoreSlim _connections = new(maxConnections, maxConnections);

    public abstract SqlDialect Dialect { get; }

    /// <summary>Runs <paramref name="read"/> holding one of the source's connections, waiting up to <paramref name="wait"/> for one.</summary>
    /// <exception cref="DatabaseReadException">Every connection stayed in use past the wait (<see cref="DatabaseFailure.Busy"/>).</exception>
    protected T Bounded<T>(TimeSpan wait, Func<T> read)
    {
        if (!_connections.Wait(wait))
        {
            throw new DatabaseReadException(DatabaseFailure.Busy, DatabaseReadException.PoolExhausted);
        }
        try
        {
            return read();
        }
        finally
        {
            _connections.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a read-only transaction bounded by <paramref name="timeout"/>.</summary>
    /// <exception cref="DatabaseReadException">The database is down or busy, the statement timed out, or the schema changed.</exception>
    public abstract T Read<T>(TimeSpan timeout, Func<DatabaseSession, T> work);

    public virtual void Dispose() => _connections.Dispose();

    public static DatabaseClient Create(DatabaseSourceDefinition definition) => definition.Engine == DatabaseEngine.PostgreSql
        ? new PostgresClient(definition.ConnectionString, definition.MaxConnections)
        : new SqliteClient(definition.ConnectionString, definition.MaxConnections);
}
