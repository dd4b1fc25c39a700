using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>
/// The policy matrix's orders in a database table (copied through UDC's own loader), declared as the source
/// <c>orders</c> with the id, time column and noun the file gets, and the same three keys.
/// </summary>
public abstract class DatabasePolicyMatrixFixture : PolicyMatrixFixture
{
    internal const string Declaration = "\"id_column\": \"order_id\", \"time_column\": \"created_at\", \"noun\": \"order\", \"table\": \"orders\"";

    /// <summary>The orders as a file outside the data folder, for the seeder to read.</summary>
    private protected static async Task<T> WithOrdersFileAsync<T>(Func<string, Task<T>> seed)
    {
        var folder = Directory.CreateTempSubdirectory("udc-policy-db-").FullName;
        try
        {
            var file = Path.Combine(folder, "orders.json");
            await File.WriteAllTextAsync(file, Orders, TestContext.Current.CancellationToken);
            return await seed(file);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>The orders in a private PostgreSQL cluster.</summary>
public sealed class PostgresPolicyMatrixFixture : DatabasePolicyMatrixFixture
{
    private PostgresServer? _postgres;

    internal PostgresServer Postgres => _postgres!;

    private protected override Task<Dictionary<string, string>> SeedAsync() => WithOrdersFileAsync(async file =>
    {
        _postgres = await PostgresServer.StartAsync();
        await DatabaseSeeder.CopyToPostgresAsync(_postgres.ConnectionString, file, "orders");
        Data.Write("connectors.jsonc", $$"""{ "databases": { "orders": { "engine": "postgresql", "connection_env": "UDC_TEST_POSTGRES", {{Declaration}} } } }""");
        return new Dictionary<string, string> { ["UDC_TEST_POSTGRES"] = _postgres.ConnectionString };
    });

    private protected override async ValueTask DisposeDatabaseAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

/// <summary>The orders in a SQLite file in the data folder.</summary>
public sealed class SqlitePolicyMatrixFixture : DatabasePolicyMatrixFixture
{
    private protected override Task<Dictionary<string, string>> SeedAsync() => WithOrdersFileAsync<Dictionary<string, string>>(async file =>
    {
        await DatabaseSeeder.CopyToSqliteAsync(Data.PathOf("shop.sqlite"), file, "orders");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Data.Write("connectors.jsonc", $$"""{ "databases": { "orders": { "engine": "sqlite", "file": "shop.sqlite", {{Declaration}} } } }""");
        return [];
    });
}
