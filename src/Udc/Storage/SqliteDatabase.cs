using Microsoft.Data.Sqlite;

namespace Udc.Storage;

/// <summary>
/// One SQLite file with WAL journaling and numbered migrations per component, shared by every feature that
/// stores state (provider keys here; API keys and webhook events use the same helper). Connections are cheap
/// (Microsoft.Data.Sqlite pools them), so each operation opens its own.
/// </summary>
internal sealed class SqliteDatabase
{
    /// <summary>A writer holding the lock briefly must not fail a concurrent request: wait up to 5 s.</summary>
    private const int BusyTimeoutMilliseconds = 5_000;

    private readonly string _connectionString;
    private readonly Lock _migrateLock = new();
    private readonly HashSet<string> _migrated = new(StringComparer.Ordinal);

    public SqliteDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Opens a connection with the pragmas every connection needs.</summary>
    public SqliteConnection Open()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={BusyTimeoutMilliseconds};");
        return connection;
    }

    /// <summary>
    /// Applies a component's migrations that have not run yet, in order, each in its own transaction.
    /// Migration <c>i</c> is version <c>i + 1</c>; append new ones, never edit a released one.
    /// </summary>
    public void Migrate(string component, IReadOnlyList<string> migrations)
    {
        lock (_migrateLock)
        {
            if (_migrated.Contains(component))
            {
                return;
            }
            using var connection = Open();
            Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (component, version));");
            using var query = connection.CreateCommand();
            query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = $component;";
            query.Parameters.AddWithValue("$component", component);
            var applied = Convert.ToInt32(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            for (var version = applied + 1; version <= migrations.Count; version++)
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, migrations[version - 1], transaction);
                using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (component, version, applied_at) VALUES ($component, $version, $at);";
                record.Parameters.AddWithValue("$component", component);
                record.Parameters.AddWithValue("$version", version);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                record.ExecuteNonQuery();
                transaction.Commit();
            }
            _migrated.Add(component);
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
