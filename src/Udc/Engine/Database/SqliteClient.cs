using Microsoft.Data.Sqlite;
using Udc.Engine.Analytics;
using Udc.Engine.Loading;

namespace Udc.Engine.Database;

/// <summary>
/// A SQLite file opened read-only, with UDC's functions registered on each connection. Its pool has no bound of its
/// own, so <see cref="DatabaseClient"/> bounds the connections open; <see cref="SqliteSession"/> enforces the timeout.
/// </summary>
internal sealed class SqliteClient : DatabaseClient
{
    /// <summary>SQLITE_INTERRUPT: the statement was stopped by <c>sqlite3_interrupt</c>.</summary>
    private const int Interrupted = 9;

    private readonly string _connectionString;

    public SqliteClient(string connectionString, int maxConnections)
        : base(maxConnections) =>
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ConnectionString;

    public override SqlDialect Dialect => SqliteDialect.Instance;

    protected override TimeSpan PoolWait(TimeSpan timeout) => timeout;

    protected override DatabaseSession Open(TimeSpan timeout)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            RegisterFunctions(connection);
            return new SqliteSession(connection, timeout);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override DatabaseReadException? Translate(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: Interrupted } =>
            new DatabaseReadException(DatabaseFailure.Timeout, "The query ran past the source's statement timeout and was cancelled; narrow the filters or aggregate.", e),
        SqliteException when e.Message.Contains("no such column", StringComparison.Ordinal) || e.Message.Contains("no such table", StringComparison.Ordinal) =>
            new DatabaseReadException(DatabaseFailure.SchemaChanged, $"The table changed under UDC ({e.Message}); its catalog is being read again.", e),
        SqliteException => new DatabaseReadException(DatabaseFailure.Unavailable, $"The database is unavailable: {e.Message}", e),
        _ => null,
    };

    /// <summary>UDC's folding, instant parsing and bucketing as SQL functions, so SQLite matches a data file's answers exactly.</summary>
    private static void RegisterFunctions(SqliteConnection connection)
    {
        connection.CreateFunction<string?, string?>("udc_fold", text => text?.ToLowerInvariant(), isDeterministic: true);
        connection.CreateFunction<object?, long?>("udc_ms", UnixMilliseconds, isDeterministic: true);
        connection.CreateFunction<long?, long, long?>("udc_bucket", (ms, bucket) => ms is { } value ? TimeBuckets.Start(value, (TimeBucket)bucket) : null, isDeterministic: true);
    }

    /// <summary>Text as a data file's timestamp would be read; a number as Unix seconds, as SQLite's own date functions take it.</summary>
    private static long? UnixMilliseconds(object? value) => value switch
    {
        string text when TimestampParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text.Trim()), out var ms, out _) => ms,
        long seconds => seconds * 1000,
        double seconds => (long)Math.Round(seconds * 1000),
        _ => null,
    };

}
