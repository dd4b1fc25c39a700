using System.Text;
using Udc.Engine.Catalog;
using Udc.Engine.Patching;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Catalog;

public sealed class SourceCatalogPatchTests : IDisposable
{
    private readonly TempDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private SourceCatalog LoadCatalog(IRecordChangeLog? log = null)
    {
        _directory.Write("orders.json", """[{"order_id": 1, "amount": 10}, {"order_id": 2, "amount": 20}]""");
        var catalog = new SourceCatalog(new CatalogOptions(_directory.Path, null), TimeProvider.System) { ChangeLog = log };
        catalog.LoadAll();
        return catalog;
    }

    [Fact]
    public void Patch_Upsert_PublishesNewSnapshotWithNewVersionAndTag()
    {
        var catalog = LoadCatalog();
        catalog.TryGet("orders", out var before);
        SourceState? changed = null;
        catalog.SourceChanged += state => changed = state;

        var outcome = catalog.Patch("orders", [new RecordChange(RecordChangeKind.Upsert, Encoding.UTF8.GetBytes("""{"order_id": 3, "amount": 30}"""))]);

        Assert.Equal(PatchStatus.Applied, outcome.Status);
        catalog.TryGet("orders", out var after);
        Assert.Equal(3, after!.Snapshot!.RowCount);
        Assert.Equal(2, before!.Snapshot!.RowCount);
        Assert.NotEqual(before.Snapshot.Version, after.Snapshot.Version);
        Assert.NotEqual(before.Snapshot.ContentTag, after.Snapshot.ContentTag);
        Assert.Same(after, changed);
    }

    [Fact]
    public void Patch_UnknownSource_ReportsIt()
    {
        var catalog = LoadCatalog();
        Assert.Equal(PatchStatus.UnknownSource, catalog.Patch("nope", []).Status);
    }

    [Fact]
    public void Load_WithChangeLog_AppliesLoggedChangesOnTop()
    {
        var log = new FixedLog([new RecordChange(RecordChangeKind.Delete, Encoding.UTF8.GetBytes("""{"order_id": 1}"""))]);
        var catalog = LoadCatalog(log);
        catalog.TryGet("orders", out var state);
        Assert.Equal(1, state!.Snapshot!.RowCount);
        Assert.Equal("orders", log.AskedFor);
    }

    [Fact]
    public void ContentTag_SameFileInTwoCatalogs_IsEqual()
    {
        var first = LoadCatalog();
        var second = new SourceCatalog(new CatalogOptions(_directory.Path, null), TimeProvider.System);
        second.LoadAll();
        first.TryGet("orders", out var a);
        second.TryGet("orders", out var b);
        Assert.Equal(a!.Snapshot!.ContentTag, b!.Snapshot!.ContentTag);
        Assert.NotEqual(a.Snapshot.Version, b.Snapshot.Version);
    }

    private sealed class FixedLog(IReadOnlyList<RecordChange> changes) : IRecordChangeLog
    {
        public string? AskedFor { get; private set; }

        public IReadOnlyList<RecordChange> ChangesSince(string source, DateTimeOffset fileModifiedAt)
        {
            AskedFor = source;
            return changes;
        }
    }
}
