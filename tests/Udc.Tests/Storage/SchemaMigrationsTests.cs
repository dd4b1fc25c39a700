using Microsoft.Data.Sqlite;
using Udc.Storage;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Storage;

/// <summary>The one schema, migrated on open, against real SQLite files.</summary>
public sealed class SchemaMigrationsTests : IDisposable
{
    private readonly TempDataDirectory _directory = new("udc-schema-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void Open_NewFile_EveryTableAtTheLatestVersion()
    {
        var database = new SqliteDatabase(_directory.PathOf("new.db"));

        using var connection = database.Open(Durability.Normal);
        Assert.Equal(SchemaMigrations.Latest, Scalar(connection, "PRAGMA user_version;"));
        Assert.Equal(3, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('api_keys', 'webhook_events', 'provider_keys');"));
    }

    [Fact]
    public void Open_FileWhoseProviderKeysTableCameFirst_MigratesAndKeepsItsRows()
    {
        // A file from before provider keys joined the schema: steps 1 to 3, and the table its store made itself.
        var path = _directory.PathOf("earlier.db");
        _ = new SqliteDatabase(path);
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            SqliteDatabase.Execute(connection, """
                PRAGMA user_version = 3;
                ALTER TABLE api_keys DROP COLUMN policy;
                DROP TABLE audit_events;
                DROP TABLE provider_keys;
                CREATE TABLE provider_keys (id TEXT PRIMARY KEY, provider TEXT NOT NULL, name TEXT NOT NULL, secret BLOB NOT NULL, key_check TEXT NOT NULL, created_at TEXT NOT NULL);
                INSERT INTO provider_keys VALUES ('k1', 'openai', 'prod', x'00', 'abc', '2026-11-23T00:00:00Z');
                """);
        }
        SqliteConnection.ClearAllPools();

        var database = new SqliteDatabase(path);

        using var reopened = database.Open(Durability.Normal);
        Assert.Equal(SchemaMigrations.Latest, Scalar(reopened, "PRAGMA user_version;"));
        Assert.Equal(1, Scalar(reopened, "SELECT COUNT(*) FROM provider_keys WHERE id = 'k1';"));
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
