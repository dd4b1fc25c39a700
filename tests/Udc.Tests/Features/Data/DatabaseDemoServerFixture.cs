using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Data;

/// <summary>
/// The demo sources served from database tables holding the same rows as the demo files (copied through UDC's own
/// loader), declared in the <c>databases</c> section of <c>connectors.jsonc</c> with the names, ids, time columns and nouns the files get by default.
/// The data folder holds no data file, so every answer comes from the database.
/// </summary>
public abstract class DatabaseDemoServerFixture : IDemoServerFixture, IAsyncLifetime
{
    /// <summary>Source name, demo file, id column, time column, noun: as <c>CatalogConfig.Defaults</c> serves the files.</summary>
    internal static readonly (string Name, string File, string? Id, string Time, string Noun)[] s_sources =
    [
        ("crm", "customers.json", "customer_id", "created_at", "customer"),
        ("support", "support_tickets.json", "ticket_id", "created_at", "ticket"),
        ("analytics", "analytics.json", null, "date", "data point"),
    ];

    private UdcTestServer? _server;

    UdcTestServer IDemoServerFixture.Server => Server;

    internal UdcTestServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    internal string Directory { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("udc-dbtest-").FullName;
        var files = System.IO.Directory.CreateTempSubdirectory("udc-dbtest-files-").FullName;
        DemoDataGenerator.Write(files, new DemoDataOptions());
        var settings = await SeedAsync(files);
        System.IO.Directory.Delete(files, recursive: true);
        _server = await UdcTestServer.StartAsync(Directory, settings);
    }

    /// <summary>Copies each demo file into a table named after its source, writes the declarations, and returns the settings they need.</summary>
    private protected abstract Task<Dictionary<string, string>> SeedAsync(string files);

    internal static string Declarations(string engine, string connection) =>
        "{ \"databases\": {" + string.Join(",", s_sources.Select(s =>
            $"\"{s.Name}\": {{ \"engine\": \"{engine}\", {connection}, \"table\": \"{s.Name}\", {(s.Id is null ? "" : $"\"id_column\": \"{s.Id}\", ")}\"time_column\": \"{s.Time}\", \"noun\": \"{s.Noun}\" }}")) + "} }";

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        await DisposeDatabaseAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private protected virtual ValueTask DisposeDatabaseAsync() => ValueTask.CompletedTask;
}

/// <summary>The demo sources in a private PostgreSQL cluster.</summary>
public sealed class PostgresDemoServerFixture : DatabaseDemoServerFixture
{
    private PostgresServer? _postgres;

    internal PostgresServer Postgres => _postgres!;

    private protected override async Task<Dictionary<string, string>> SeedAsync(string files)
    {
        _postgres = await PostgresServer.StartAsync();
        foreach (var source in s_sources)
        {
            await DatabaseSeeder.CopyToPostgresAsync(_postgres.ConnectionString, Path.Combine(files, source.File), source.Name);
        }
        await File.WriteAllTextAsync(Path.Combine(Directory, "connectors.jsonc"), Declarations("postgresql", "\"connection_env\": \"UDC_TEST_POSTGRES\""));
        return new() { ["UDC_TEST_POSTGRES"] = _postgres.ConnectionString.Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal) };
    }

    private protected override async ValueTask DisposeDatabaseAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

/// <summary>The demo sources in a SQLite file in the data folder.</summary>
public sealed class SqliteDemoServerFixture : DatabaseDemoServerFixture
{
    private protected override async Task<Dictionary<string, string>> SeedAsync(string files)
    {
        var database = Path.Combine(Directory, "demo.sqlite");
        foreach (var source in s_sources)
        {
            await DatabaseSeeder.CopyToSqliteAsync(database, Path.Combine(files, source.File), source.Name);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(Path.Combine(Directory, "connectors.jsonc"), Declarations("sqlite", "\"file\": \"demo.sqlite\""));
        return [];
    }
}
