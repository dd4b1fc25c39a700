namespace Udc.Engine.Database;

/// <summary>
/// The connections of one database source: a bounded pool, and every request in one read-only transaction the
/// database cancels after the source's statement timeout. Failures come out as <see cref="DatabaseReadException"/>
/// whatever the engine, so every surface reports them alike.
/// </summary>
internal abstract class DatabaseClient : IDisposable
{
    public abstract SqlDialect Dialect { get; }

    /// <summary>Runs <paramref name="work"/> in a read-only transaction bounded by <paramref name="timeout"/>.</summary>
    /// <exception cref="DatabaseReadException">The database is down or busy, the statement timed out, or the schema changed.</exception>
    public abstract T Read<T>(TimeSpan timeout, Func<DatabaseSession, T> work);

    public abstract void Dispose();

    public static DatabaseClient Create(DatabaseSourceDefinition definition) => definition.Engine == DatabaseEngine.PostgreSql
        ? new PostgresClient(definition.ConnectionString, definition.MaxConnections)
        : new SqliteClient(definition.ConnectionString, definition.MaxConnections);
}
