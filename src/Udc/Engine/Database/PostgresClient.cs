using System.Net.Sockets;
using Npgsql;

namespace Udc.Engine.Database;

/// <summary>
/// PostgreSQL through Npgsql's slim data source (only the type handlers UDC reads, trimmed and AOT-clean). The session
/// runs in UTC, so instants compare and bucket as UTC whatever the server's time zone.
/// </summary>
internal sealed class PostgresClient : DatabaseClient
{
    /// <summary>Five seconds to connect (or to wait for a pooled connection) before a request is told the database is unavailable.</summary>
    private const int ConnectTimeoutSeconds = 5;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresClient(string connectionString, int maxConnections)
        : base(maxConnections)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // One more than requests may hold: a NOTIFY listener keeps one connection of its own.
            MaxPoolSize = maxConnections + 1,
            Timezone = "UTC",
            Timeout = ConnectTimeoutSeconds,
            // UDC leaves no state on a session (its settings are SET LOCAL, gone with the transaction; nothing is prepared
            // or created), so a pooled connection needs no DISCARD ALL before its next request: one statement less each.
            NoResetOnClose = true,
        };
        builder.ApplicationName ??= "udc";
        builder.Options = WithoutJit(builder.Options);
        _dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
    }

    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>
    /// Sessions run with PostgreSQL's JIT off unless the connection string's <c>Options</c> set <c>jit</c> themselves.
    /// UDC's statements are short and compiling costs more than it saves; worse, once a session has loaded the JIT
    /// library every parallel worker it starts loads it too, about 20 ms before it can help: a count that takes 19 ms
    /// alone took 33 ms on such a session (bench/RESULTS.md, "database sources").
    /// </summary>
    internal static string WithoutJit(string? options) =>
        options is not null && options.Contains("jit", StringComparison.OrdinalIgnoreCase) ? options : (options + " -c jit=off").TrimStart();

    public override SqlDialect Dialect => PostgresDialect.Instance;

    protected override TimeSpan PoolWait(TimeSpan timeout) => TimeSpan.FromSeconds(ConnectTimeoutSeconds);

    protected override DatabaseSession Open(TimeSpan timeout) => new PostgresSession(_dataSource.OpenConnection(), timeout);

    protected override DatabaseReadException? Translate(Exception e)
    {
        switch (e)
        {
            case PostgresException postgres:
                return Translate(postgres);
            case NpgsqlException:
                // Broken connections are dropped from the pool, so the next request connects afresh once the server is back.
                _dataSource.Clear();
                return new DatabaseReadException(DatabaseFailure.Unavailable, $"The database is unavailable: {Reason(e)}", e);
            case SocketException or TimeoutException or IOException:
                _dataSource.Clear();
                return new DatabaseReadException(DatabaseFailure.Unavailable, $"The database is unavailable: {e.Message}", e);
            default:
                return null;
        }
    }

    private DatabaseReadException Translate(PostgresException e)
    {
        switch (e.SqlState)
        {
            case PostgresErrorCodes.QueryCanceled:
                return new DatabaseReadException(DatabaseFailure.Timeout, "The query ran past the source's statement timeout and was cancelled; narrow the filters or aggregate.", e);
            case PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.DatatypeMismatch or PostgresErrorCodes.UndefinedFunction:
                return new DatabaseReadException(DatabaseFailure.SchemaChanged, $"The table changed under UDC ({e.MessageText}); its catalog is being read again.", e);
            case var state when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) || state == PostgresErrorCodes.TooManyConnections:
                // Shut down, restarting, or out of connections: the pool's connections are of no more use.
                _dataSource.Clear();
                return new DatabaseReadException(DatabaseFailure.Unavailable, $"The database is unavailable: {e.MessageText}", e);
            default:
                return new DatabaseReadException(DatabaseFailure.Unavailable, $"The database refused the query: {e.MessageText}", e);
        }
    }

    /// <summary>The innermost message: "Connection refused", not Npgsql's wrapper of it.</summary>
    private static string Reason(Exception e) => e.InnerException is { } inner ? Reason(inner) : e.Message;

    public override void Dispose()
    {
        _dataSource.Dispose();
        base.Dispose();
    }
}
