namespace Udc.Engine.Database;

/// <summary>
/// The connections of one database source: a bounded pool, and every request in one read-only transaction the
/// database cancels after the source's statement timeout. Failures come out as <see cref="DatabaseReadException"/>
/// whatever the engine, so every surface reports them alike.
/// </summary>
internal abstract class DatabaseClient(int maxConnections) : IDisposable
{
    /// <summary>
    /// Requests that may wait for a connection, per connection: 32 clients on a pool of 10 keep 10 reading and 22
    /// waiting. Reads are synchronous, so a waiter holds a thread; past this many waiters a request is told the pool is
    /// busy at once rather than holding one more thread for the whole wait.
    /// </summary>
    public const int WaitersPerConnection = 3;

    /// <summary>
    /// The bound on connections in use, waited on as a plain blocking wait: requests read synchronously, and a driver's
    /// own pool wait that needs a thread-pool thread to wake it starves under load (32 clients on 2 connections got 26
    /// 503s through Npgsql's), where a released permit wakes a waiter directly.
    /// </summary>
    private readonly SemaphoreSlim _connections = new(maxConnections, maxConnections);

    private int _waiting;

    public abstract SqlDialect Dialect { get; }

    /// <summary>The threads the source's reads may block at once: every connection reading and every waiter allowed.</summary>
    public static int BlockingThreads(int maxConnections) => maxConnections * (1 + WaitersPerConnection);

    /// <summary>Runs <paramref name="work"/> in a read-only transaction bounded by <paramref name="timeout"/>.</summary>
    /// <exception cref="DatabaseReadException">The database is down or busy, the statement timed out, or the schema changed.</exception>
    public T Read<T>(TimeSpan timeout, Func<DatabaseSession, T> work)
    {
        Acquire(PoolWait(timeout));
        try
        {
            return Guarded(() =>
            {
                using var session = Open(timeout);
                var result = work(session);
                session.End();
                return result;
            });
        }
        finally
        {
            _connections.Release();
        }
    }

    /// <summary>
    /// One connection and its read-only transaction held until the result is disposed, for reads that must see one
    /// snapshot across several calls (a stream's parts). It counts against the pool all the while.
    /// </summary>
    public HeldSession Hold(TimeSpan timeout)
    {
        Acquire(PoolWait(timeout));
        try
        {
            return new HeldSession(this, Guarded(() => Open(timeout)));
        }
        catch
        {
            _connections.Release();
            throw;
        }
    }

    internal void Release(DatabaseSession session)
    {
        try
        {
            session.Dispose();
        }
        finally
        {
            _connections.Release();
        }
    }

    /// <summary>Runs <paramref name="read"/>, turning the engine's failures into <see cref="DatabaseReadException"/>.</summary>
    internal T Guarded<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not DatabaseReadException)
        {
            var failure = Translate(e);
            if (failure is null)
            {
                throw;
            }
            throw failure;
        }
    }

    /// <summary>How long a request waits for one of the source's connections.</summary>
    protected abstract TimeSpan PoolWait(TimeSpan timeout);

    /// <summary>A connection with a session on it; its transaction starts with the first statements sent.</summary>
    protected abstract DatabaseSession Open(TimeSpan timeout);

    /// <summary>The engine's exception as UDC's reason, or null for one that is not the database's.</summary>
    protected abstract DatabaseReadException? Translate(Exception e);

    /// <exception cref="DatabaseReadException">Every connection stayed in use past the wait, or too many requests wait already (<see cref="DatabaseFailure.Busy"/>).</exception>
    private void Acquire(TimeSpan wait)
    {
        if (_connections.Wait(0))
        {
            return;
        }
        try
        {
            if (Interlocked.Increment(ref _waiting) > maxConnections * WaitersPerConnection || !_connections.Wait(wait))
            {
                throw new DatabaseReadException(DatabaseFailure.Busy, DatabaseReadException.PoolExhausted);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public virtual void Dispose() => _connections.Dispose();

    public static DatabaseClient Create(DatabaseSourceDefinition definition) => definition.Engine == DatabaseEngine.PostgreSql
        ? new PostgresClient(definition.ConnectionString, definition.MaxConnections)
        : new SqliteClient(definition.ConnectionString, definition.MaxConnections);
}
