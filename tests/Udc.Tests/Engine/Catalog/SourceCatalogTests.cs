using Udc.Engine.Catalog;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Catalog;

public sealed class SourceCatalogTests : IDisposable
{
    private readonly TempDataDirectory _dir = new("udc-catalog-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadAll_DemoData_SeedSourcesWithIdTimeAndDataType()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());

        var catalog = Load();

        Assert.Equal(["analytics", "crm", "support"], catalog.Names);
        var crm = Ready(catalog, "crm");
        var support = Ready(catalog, "support");
        var analytics = Ready(catalog, "analytics");
        Assert.Equal("customer_id", crm.IdColumn?.Name);
        Assert.Equal("ticket_id", support.IdColumn?.Name);
        Assert.Null(analytics.IdColumn);
        Assert.Equal("created_at", crm.TimeColumn?.Name);
        Assert.Equal("created_at", support.TimeColumn?.Name);
        Assert.Equal("date", analytics.TimeColumn?.Name);
        Assert.True(analytics.TimeColumn!.DateOnly);
        Assert.Equal("tabular", crm.DataType.ToWireName());
        Assert.Equal("tabular", support.DataType.ToWireName());
        Assert.Equal("time_series", analytics.DataType.ToWireName());
        Assert.Equal(("customer", "customers"), (crm.Noun.Singular, crm.Noun.Plural));
        Assert.Equal(("ticket", "tickets"), (support.Noun.Singular, support.Noun.Plural));
        Assert.Equal(50, support.RowCount);
        Assert.Equal(150, analytics.RowCount);
        Assert.All(catalog.Sources, s => Assert.Equal("ready", s.Status));
    }

    [Fact]
    public void LoadAll_ExtraCsvFile_SourceNamedAfterFile()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        _dir.Write("orders.csv", "order_id,customer_id,total,ordered_at\n1,3,19.90,2024-03-01T10:00:00Z\n2,3,5.00,2024-03-02T11:00:00Z\n3,7,42.10,2024-03-02T12:00:00Z\n");

        var catalog = Load();

        var orders = Ready(catalog, "orders");
        Assert.Equal(3, orders.RowCount);
        Assert.Equal("order_id", orders.IdColumn?.Name);
        Assert.Equal("ordered_at", orders.TimeColumn?.Name);
        Assert.Equal("order", orders.Noun.Singular);
        Assert.Equal("orders.csv", orders.Definition.FileName);
        Assert.Equal(4, catalog.Sources.Count);
    }

    [Fact]
    public void LoadAll_RecordsWithIdTimeAndAmount_TabularNotTimeSeries()
    {
        // Orders are records that carry an amount, not measurements over time: the id says each row is an entity.
        _dir.Write("orders.csv", "order_id,total,ordered_at\n1,19.90,2024-03-01T10:00:00Z\n2,5.00,2024-03-02T11:00:00Z\n");

        var catalog = Load();

        Assert.Equal("tabular", Ready(catalog, "orders").DataType.ToWireName());
    }

    [Fact]
    public void LoadAll_MeasurementsWithoutId_TimeSeries()
    {
        _dir.Write("temperatures.csv", "timestamp,sensor,celsius\n2024-03-01T10:00:00Z,a,20.5\n2024-03-01T11:00:00Z,a,21.0\n");

        var catalog = Load();

        Assert.Equal("time_series", Ready(catalog, "temperatures").DataType.ToWireName());
    }

    [Fact]
    public void LoadAll_FileNameClashesWithSeedName_BothServed()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        _dir.Write("crm.json", """[{"id": 1}]""");

        var catalog = Load();

        Assert.Equal(50, Ready(catalog, "crm").RowCount);
        Assert.Equal(1, Ready(catalog, "crm_json").RowCount);
    }

    [Fact]
    public void LoadAll_OneBrokenFile_OnlyThatSourceFailed()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        _dir.Write(DemoDataGenerator.TicketsFileName, "[{\"ticket_id\": 1},\n{\"ticket_id\": ]");

        var catalog = Load();

        Assert.True(catalog.TryGet("support", out var support));
        Assert.Equal("failed", support.Status);
        Assert.Null(support.Snapshot);
        Assert.Contains("support_tickets.json", support.LastFailure?.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", support.LastFailure?.Message, StringComparison.Ordinal);
        Assert.Equal("ready", State(catalog, "crm").Status);
        Assert.Equal("ready", State(catalog, "analytics").Status);
    }

    [Fact]
    public void Refresh_BrokenFileFixed_SourceReady()
    {
        _dir.Write("orders.json", "[{\"order_id\": 1,]]");
        var catalog = Load();
        Assert.Equal("failed", State(catalog, "orders").Status);

        _dir.Replace("orders.json", """[{"order_id": 1}, {"order_id": 2}]""");
        catalog.Refresh();

        var state = State(catalog, "orders");
        Assert.Equal("ready", state.Status);
        Assert.Null(state.LastFailure);
        Assert.Equal(2, state.Snapshot!.RowCount);
    }

    [Fact]
    public void Refresh_FileBrokenAfterGoodLoad_ReloadFailedAndOldSnapshotServes()
    {
        _dir.Write("orders.json", """[{"order_id": 1}, {"order_id": 2}]""");
        var catalog = Load();
        var before = Ready(catalog, "orders");

        _dir.Replace("orders.json", "[{\"order_id\": 1}, {\"order_id\": 2}, {\"order_id\": ");
        catalog.Refresh();

        var state = State(catalog, "orders");
        Assert.Equal("reload_failed", state.Status);
        Assert.True(state.IsReady);
        Assert.Same(before, state.Snapshot);
        Assert.Contains("orders.json", state.LastFailure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_ReloadFailedThenFixed_ReadyWithNewSnapshot()
    {
        _dir.Write("orders.json", """[{"order_id": 1}]""");
        var catalog = Load();
        var first = Ready(catalog, "orders");
        _dir.Replace("orders.json", "[{\"order_id\": ");
        catalog.Refresh();

        _dir.Replace("orders.json", """[{"order_id": 1}, {"order_id": 2}, {"order_id": 3}]""");
        catalog.Refresh();

        var state = State(catalog, "orders");
        Assert.Equal("ready", state.Status);
        Assert.Equal(3, state.Snapshot!.RowCount);
        Assert.True(state.Snapshot.Version > first.Version);
    }

    [Fact]
    public void Refresh_FileChangedWhileRequestHoldsSnapshot_HeldSnapshotUnchanged()
    {
        _dir.Write("orders.json", """[{"order_id": 1, "status": "open"}, {"order_id": 2, "status": "open"}]""");
        var catalog = Load();
        var held = Ready(catalog, "orders");

        _dir.Replace("orders.json", """[{"order_id": 1, "status": "closed"}, {"order_id": 2, "status": "closed"}, {"order_id": 3, "status": "closed"}]""");
        catalog.Refresh();

        var current = Ready(catalog, "orders");
        Assert.NotSame(held, current);
        Assert.True(current.Version > held.Version);
        Assert.Equal(2, held.RowCount);
        Assert.Equal("open", held.Table.Find("status")!.FormatText(1));
        Assert.Equal(3, current.RowCount);
        Assert.Equal("closed", current.Table.Find("status")!.FormatText(1));
    }

    [Fact]
    public void Refresh_NothingChanged_SameSnapshotAndNoEvent()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        var catalog = Load();
        var before = Ready(catalog, "crm");
        var events = 0;
        catalog.SourceChanged += _ => events++;

        catalog.Refresh();

        Assert.Same(before, Ready(catalog, "crm"));
        Assert.Equal(0, events);
    }

    [Fact]
    public void Refresh_FileDeleted_SourceRemovedAndReported()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        _dir.Write("orders.csv", "order_id\n1\n");
        var catalog = Load();
        var changes = new List<SourceState>();
        catalog.SourceChanged += changes.Add;

        _dir.Delete("orders.csv");
        catalog.Refresh();

        Assert.False(catalog.TryGet("orders", out _));
        var change = Assert.Single(changes);
        Assert.Equal("orders", change.Name);
        Assert.Null(change.Snapshot);
        Assert.Equal(3, catalog.Sources.Count);
    }

    [Fact]
    public void Refresh_SeedFileDeleted_SeedSourceRemoved()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        var catalog = Load();

        _dir.Delete(DemoDataGenerator.AnalyticsFileName);
        catalog.Refresh();

        Assert.Equal(["crm", "support"], catalog.Names);
    }

    [Fact]
    public void LoadAll_EachLoad_RaisesSourceChangedLoadingThenReady()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        var catalog = new SourceCatalog(new CatalogOptions(_dir.Path), TimeProvider.System);
        var events = new List<SourceState>();
        catalog.SourceChanged += events.Add;

        catalog.LoadAll();

        Assert.Equal(["analytics", "crm", "support"], events.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal));
        foreach (var source in events.GroupBy(s => s.Name))
        {
            Assert.Equal(["loading", "ready"], source.Select(s => s.Status));
        }
    }

    [Fact]
    public void LoadAll_DuplicateIdValues_NoIdColumnInferred()
    {
        _dir.Write("visits.csv", "visit_id,page\n1,/a\n1,/b\n2,/c\n");

        var catalog = Load();

        Assert.Null(Ready(catalog, "visits").IdColumn);
    }

    [Fact]
    public void LoadAll_NestedRecords_Hierarchical()
    {
        _dir.Write("accounts.json", """[{"id": 1, "address": {"city": "Oslo"}}, {"id": 2, "address": {"city": "Rome"}}]""");

        var catalog = Load();

        Assert.Equal("hierarchical", Ready(catalog, "accounts").DataType.ToWireName());
    }

    [Fact]
    public void LoadAll_NonDataFiles_Ignored()
    {
        _dir.Write("notes.txt", "hello");
        _dir.Write("orders.json.partial", "[");
        _dir.Write("orders.json", """[{"order_id": 1}]""");

        var catalog = Load();

        Assert.Equal(["orders"], catalog.Names);
    }

    private SourceCatalog Load(string? configPath = null)
    {
        var catalog = new SourceCatalog(new CatalogOptions(_dir.Path, configPath), TimeProvider.System);
        catalog.LoadAll();
        return catalog;
    }

    private static SourceState State(SourceCatalog catalog, string name) =>
        catalog.TryGet(name, out var state) ? state : throw new Xunit.Sdk.XunitException($"no source '{name}'; sources: {string.Join(", ", catalog.Names)}");

    private static SourceSnapshot Ready(SourceCatalog catalog, string name)
    {
        var state = State(catalog, name);
        Assert.True(state.Snapshot is not null, $"source '{name}' is {state.Status}: {state.LastFailure?.Message}");
        return state.Snapshot!;
    }
}
