namespace Udc.Engine.Database;

/// <summary>
/// A source that lives in a database: where it is, which relation (a table, a view or a fixed SELECT), which of its
/// columns leave the database, and the bounds every request to it keeps.
/// </summary>
/// <param name="Name">The name used in URLs and tools.</param>
/// <param name="ConnectionString">From the environment, never from the configuration file; never logged.</param>
/// <param name="Table">A table or view, optionally schema-qualified (<c>sales.orders</c>); null when <paramref name="Query"/> is given.</param>
/// <param name="Query">A fixed SELECT whose rows are the source; null when <paramref name="Table"/> is given.</param>
/// <param name="Columns">The columns exposed, in order; null for every column of the relation.</param>
internal sealed record DatabaseSourceDefinition(
    string Name,
    DatabaseEngine Engine,
    string ConnectionString,
    string? Table,
    string? Query,
    IReadOnlyList<string>? Columns,
    string? IdColumn,
    string? TimeColumn,
    string? Noun)
{
    /// <summary>A page, a stream or an export reads at most this many rows from the database.</summary>
    public int RowCap { get; init; } = DefaultRowCap;

    /// <summary>One request's statements are cancelled by the database after this long (a 504 to the client).</summary>
    public TimeSpan StatementTimeout { get; init; } = DefaultStatementTimeout;

    /// <summary>Connections UDC holds open to the database for this source at most; requests beyond wait for one.</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>How often the schema and a change marker are read again; a change publishes a new version of the source.</summary>
    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;

    /// <summary>A PostgreSQL channel whose NOTIFY marks the source changed at once; null to rely on polling.</summary>
    public string? NotifyChannel { get; init; }

    /// <summary>100,000 rows is a large export and a few seconds of streaming; past that, aggregate.</summary>
    public const int DefaultRowCap = 100_000;

    /// <summary>Five seconds keeps a voice turn alive; an analytical query that needs more should be an aggregate.</summary>
    public static readonly TimeSpan DefaultStatementTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Ten connections saturate a small PostgreSQL (its default max_connections is 100, shared by every client).</summary>
    public const int DefaultMaxConnections = 10;

    /// <summary>Thirty seconds bounds how stale a cached answer is without NOTIFY, at one cheap query per interval.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>The relation as the configuration names it, for messages: the table, or "query".</summary>
    public string RelationName => Table ?? "query";
}
