using System.Globalization;
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
        };
        builder.ApplicationName ??= "udc";
        _dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
    }

    public NpgsqlDataSource DataSource => _dataSource;

    public override SqlDialect Dialect => PostgresDialect.Instance;

    public override T Read<T>(TimeSpan timeout, Func<DatabaseSession, T> work) => Bounded(TimeSpan.FromSeconds(ConnectTimeoutSeconds), () => ReadOne(timeout, work));

    private T ReadOne<T>(TimeSpan timeout, Func<DatabaseSession, T> work)
    {
        try
        {
            using var connection = _dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction();
            using (var setup = connection.CreateCommand())
            {
                // The timeout is UDC's own number, never a caller's text; SET takes no parameters.
                setup.CommandText = "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = " + ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                setup.Transaction = transaction;
                setup.ExecuteNonQuery();
            }
            using var session = new DatabaseSession(connection, transaction);
            var result = work(session);
            transaction.Commit();
            return result;
        }
        catch (PostgresException e)
        {
            throw Translate(e);
        }
        catch (NpgsqlException e)
        {
            // Broken connections are dropped from the pool, so the next request connects afresh once the server is back.
            _dataSource.Clear();
            throw new DatabaseReadException(DatabaseFailure.Unavailable, $"The database is unavailable: {Reason(e)}", e);
        }
        catch (Exception e) when (e is SocketException or TimeoutException or IOException)
        {
            _dataSource.Clear();
            throw new DatabaseReadException(DatabaseFailure.Unavailable, $"The database is unavailable: {e.Message}", e);
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
