using Udc.Engine.Catalog;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Catalog;

public sealed class CatalogConfigTests : IDisposable
{
    private readonly TempDataDirectory _dir = new("udc-config-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadAll_ConfigRenamesSeedFile_ServedUnderNewNameOnly()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        var config = _dir.Write("udc.config.json", """
            {
              // hand-written, so comments and trailing commas are fine
              "sources": {
                "people": { "file": "customers.json", "id_column": "email", "time_column": "created_at", "noun": "person", },
              },
            }
            """);

        var catalog = Load(config);

        Assert.Equal(["analytics", "people", "support"], catalog.Names);
        var people = Ready(catalog, "people");
        Assert.Equal("email", people.IdColumn?.Name);
        Assert.Equal("created_at", people.TimeColumn?.Name);
        Assert.Equal("person", people.Noun.Singular);
        Assert.Equal(50, people.RowCount);
    }

    [Fact]
    public void LoadAll_ConfigNamesIdAndTimeColumns_UsedInsteadOfInference()
    {
        _dir.Write("events.csv", "event_id,code,happened,created_at\n1,A,2024-03-01,2024-01-01\n2,B,2024-03-02,2024-01-02\n");
        var config = _dir.Write("config.json", """{"sources": {"log": {"file": "events.csv", "id_column": "code", "time_column": "happened"}}}""");

        var catalog = Load(config);

        var log = Ready(catalog, "log");
        Assert.Equal("code", log.IdColumn?.Name);
        Assert.Equal("happened", log.TimeColumn?.Name);
        Assert.Equal("event", log.Noun.Singular);
        Assert.False(catalog.TryGet("events", out _));
    }

    [Fact]
    public void LoadAll_ConfigFileInsideDataFolder_NotASource()
    {
        _dir.Write("orders.json", """[{"order_id": 1}]""");
        var config = _dir.Write("udc.json", """{"sources": {}}""");

        var catalog = Load(config);

        Assert.Equal(["orders"], catalog.Names);
    }

    [Fact]
    public void LoadAll_ConfiguredFileMissing_SourceFailedWithFileName()
    {
        var config = _dir.Write("config.json", """{"sources": {"billing": {"file": "invoices.csv"}}}""");

        var catalog = Load(config);

        Assert.True(catalog.TryGet("billing", out var billing));
        Assert.Equal("failed", billing.Status);
        Assert.Contains("invoices.csv", billing.LastFailure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ConfigWithUnknownProperty_CatalogConfigException()
    {
        var config = _dir.Write("config.json", """{"sources": {"crm": {"file": "customers.json", "id_colum": "customer_id"}}}""");

        var error = Assert.Throws<CatalogConfigException>(() => new SourceCatalog(new CatalogOptions(_dir.Path, config), TimeProvider.System));

        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ConfigNotJson_CatalogConfigException()
    {
        var config = _dir.Write("config.json", "sources: crm");

        Assert.Throws<CatalogConfigException>(() => new SourceCatalog(new CatalogOptions(_dir.Path, config), TimeProvider.System));
    }

    [Fact]
    public void Constructor_ConfigMissing_CatalogConfigException()
    {
        Assert.Throws<CatalogConfigException>(() => new SourceCatalog(new CatalogOptions(_dir.Path, _dir.PathOf("nope.json")), TimeProvider.System));
    }

    [Fact]
    public void NameFromFile_OddCharacters_UrlSafeLowerCase()
    {
        Assert.Equal("q1_sales_report-2024", SourceDiscovery.NameFromFile("/data/Q1 Sales Report-2024.csv"));
        Assert.Equal("caf_", SourceDiscovery.NameFromFile("café.json"));
    }

    [Theory]
    [InlineData("support_tickets", "ticket", "tickets")]
    [InlineData("customers", "customer", "customers")]
    [InlineData("companies", "company", "companies")]
    [InlineData("boxes", "box", "boxes")]
    [InlineData("address", "address", "addresses")]
    [InlineData("analytics", "analytics record", "analytics records")]
    [InlineData("order-items", "item", "items")]
    public void FromFileStem_CommonNames_SingularAndPlural(string stem, string singular, string plural)
    {
        var noun = Noun.FromFileStem(stem);

        Assert.Equal((singular, plural), (noun.Singular, noun.Plural));
    }

    private SourceCatalog Load(string? configPath)
    {
        var catalog = new SourceCatalog(new CatalogOptions(_dir.Path, configPath), TimeProvider.System);
        catalog.LoadAll();
        return catalog;
    }

    private static SourceSnapshot Ready(SourceCatalog catalog, string name)
    {
        Assert.True(catalog.TryGet(name, out var state), $"no source '{name}'");
        Assert.True(state.Snapshot is not null, $"source '{name}' is {state.Status}: {state.LastFailure?.Message}");
        return state.Snapshot!;
    }
}
