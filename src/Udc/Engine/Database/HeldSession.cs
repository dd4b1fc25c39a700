namespace Udc.Engine.Database;

/// <summary>
/// A session kept open across reads, so they all see the snapshot its transaction took with its first statement: a
/// stream reads its keyset parts through one. Disposing it ends the transaction and gives the connection back.
/// </summary>
internal sealed class HeldSession(DatabaseClient client, DatabaseSession session) : IDisposable
{
    private int _disposed;

    /// <exception cref="DatabaseReadException">The database is down, the statement timed out, or the schema changed.</exception>
    public T Read<T>(Func<DatabaseSession, T> work)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return client.Guarded(() => work(session));
    }

    /// <summary>A read-only transaction has nothing to keep: closing the connection rolls it back, whatever state it is in.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            client.Release(session);
        }
    }
}
