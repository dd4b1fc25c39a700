using Udc.Hosting;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Database;

/// <summary>
/// Database sources are declared in the one connectors file, under <c>databases</c>; a bad declaration stops the start
/// with every problem named at once, beside the bad settings.
/// </summary>
public sealed class DatabaseSourceConfigTests
{
    private static UdcSettings Read(TempDataDirectory data, params (string Name, string Value)[] environment)
    {
        var map = environment.ToDictionary(e => e.Name, e => e.Value);
        return UdcSettings.Read(name => map.GetValueOrDefault(name), data.Path, "http://127.0.0.1:8000");
    }

    [Fact]
    public void UdcSettings_ConnectorsAndDatabasesInOneFile_BothRead()
    {
        using var data = new TempDataDirectory();
        data.Write("shop.sqlite", "");
        data.Write("connectors.jsonc", """
            {
              // Pulled into memory.
              "connectors": { "news": { "type": "feed", "url": "https://example.com/rss.xml", "run_at_start": false } },
              // Served where they live.
              "databases": {
                "orders": { "engine": "postgresql", "connection_env": "ORDERS_DB", "table": "sales.orders", "row_cap": 500 },
                "tickets": { "engine": "sqlite", "file": "shop.sqlite", "query": "SELECT * FROM tickets" },
              }
            }
            """);

        var settings = Read(data, ("ORDERS_DB", "Host=127.0.0.1"));

        Assert.Equal(["news"], settings.Ingest.Connectors.Connectors.Select(c => c.Name));
        Assert.Equal(["orders", "tickets"], settings.DatabaseSources.Select(d => d.Name));
        Assert.Equal(500, settings.DatabaseSources[0].RowCap);
        Assert.Equal("Host=127.0.0.1", settings.DatabaseSources[0].ConnectionString);
        Assert.Equal("SELECT * FROM tickets", settings.DatabaseSources[1].Query);
    }

    [Fact]
    public void UdcSettings_SeveralBadDatabaseSources_EveryProblemNamedAtOnceWithBadSettings()
    {
        using var data = new TempDataDirectory();
        data.Write("connectors.jsonc", """
            {
              "connectors": { "orders": { "type": "feed", "url": "https://example.com/rss.xml" } },
              "databases": {
                "Bad Name": { "engine": "postgresql", "connection_env": "DB", "table": "t" },
                "noengine": { "engine": "oracle", "connection_env": "DB", "table": "t" },
                "noenv": { "engine": "postgresql", "connection_env": "MISSING_DB", "table": "t" },
                "both": { "engine": "postgresql", "connection_env": "DB", "table": "t", "query": "SELECT 1" },
                "twostatements": { "engine": "postgresql", "connection_env": "DB", "query": "SELECT 1; DROP TABLE t" },
                "caps": { "engine": "postgresql", "connection_env": "DB", "table": "t", "row_cap": 0, "max_connections": 5000 },
                "typo": { "engine": "postgresql", "connection_env": "DB", "tabel": "t" },
                "orders": { "engine": "postgresql", "connection_env": "DB", "table": "orders" }
              }
            }
            """);

        var error = Assert.Throws<SettingsException>(() => Read(data, ("DB", "Host=127.0.0.1"), ("CACHE_TTL_SECONDS", "soon")));

        Assert.Contains("databases.Bad Name.name:", error.Message, StringComparison.Ordinal);
        Assert.Contains("databases.noengine.engine: must be postgresql or sqlite, got 'oracle'", error.Message, StringComparison.Ordinal);
        Assert.Contains("databases.noenv.connection_env: the environment variable MISSING_DB is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("databases.both.table: give either a table (or view) or a query, not both", error.Message, StringComparison.Ordinal);
        Assert.Contains("databases.twostatements.query: must be one statement, without ';'", error.Message, StringComparison.Ordinal);
        Assert.Contains("databases.caps.row_cap: must be from 1 to 10000000, got 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("databases.caps.max_connections:", error.Message, StringComparison.Ordinal);
        Assert.Contains("databases.typo.", error.Message, StringComparison.Ordinal);
        Assert.Contains("tabel", error.Message, StringComparison.Ordinal);
        Assert.Contains("databases.orders.name: a connector has this name too", error.Message, StringComparison.Ordinal);
        Assert.Contains("CACHE_TTL_SECONDS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UdcSettings_RetiredDatabasesFile_StartRefusedNamingTheNewSection()
    {
        using var data = new TempDataDirectory();
        data.Write("databases.jsonc", """{ "sources": { "orders": { "engine": "postgresql", "connection_env": "DB", "table": "orders" } } }""");

        var error = Assert.Throws<SettingsException>(() => Read(data, ("DB", "Host=127.0.0.1")));

        Assert.Contains("databases.jsonc: database sources are declared in connectors.jsonc under \"databases\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UdcSettings_ConnectorsFileNotJson_StartRefused()
    {
        using var data = new TempDataDirectory();
        data.Write("connectors.jsonc", """{ "databases": { "orders": """);

        var error = Assert.Throws<SettingsException>(() => Read(data));

        Assert.Contains("connectors.jsonc:", error.Message, StringComparison.Ordinal);
    }
}
