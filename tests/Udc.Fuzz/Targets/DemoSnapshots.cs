using Udc.Engine.Catalog;
using Udc.Engine.Generation;

namespace Udc.Fuzz.Targets;

/// <summary>
/// The demo sources, small, loaded once per fuzzing process: what queries and webhooks are fuzzed against.
/// 300 tickets and 50 customers cover every column type and keep one run well under a millisecond.
/// </summary>
internal static class DemoSnapshots
{
    private static readonly Lazy<SourceCatalog> s_catalog = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("udc-fuzz-").FullName;
        DemoDataGenerator.Write(folder, new DemoDataOptions { Tickets = 300, Customers = 50 });
        var catalog = new SourceCatalog(new CatalogOptions(folder), TimeProvider.System);
        catalog.LoadAll();
        return catalog;
    });

    public static SourceSnapshot Get(string name) =>
        s_catalog.Value.TryGet(name, out var state) && state.Snapshot is { } snapshot ? snapshot : throw new InvalidOperationException($"demo source {name} did not load");
}
