using Udc.Engine.Catalog;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Catalog;

public sealed class DataFolderWatcherTests : IDisposable
{
    /// <summary>Generous for a loaded CI machine; the watcher itself reacts within the quiet period.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan s_quietPeriod = TimeSpan.FromMilliseconds(50);

    private readonly TempDataDirectory _dir = new("udc-watcher-");
    private readonly List<Exception> _errors = [];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Watcher_NewFileAppears_SourceLoaded()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions());
        var catalog = Load();
        var loaded = WaitFor(catalog, s => s.Name == "orders" && s.Status == "ready");
        using var watcher = new DataFolderWatcher(catalog, s_quietPeriod, _errors.Add);

        _dir.Replace("orders.csv", "order_id,total\n1,9.5\n2,3.25\n");

        var state = await loaded.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        Assert.Equal(2, state.Snapshot!.RowCount);
        Assert.True(catalog.TryGet("orders", out _));
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Watcher_FileChanged_SourceReloaded()
    {
        _dir.Write("orders.json", """[{"order_id": 1}]""");
        var catalog = Load();
        Assert.True(catalog.TryGet("orders", out var before));
        var reloaded = WaitFor(catalog, s => s.Name == "orders" && s.Snapshot?.RowCount == 2);
        using var watcher = new DataFolderWatcher(catalog, s_quietPeriod, _errors.Add);

        _dir.Replace("orders.json", """[{"order_id": 1}, {"order_id": 2}]""");

        var state = await reloaded.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        Assert.True(state.Snapshot!.Version > before.Snapshot!.Version);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Watcher_FileDeleted_SourceRemoved()
    {
        _dir.Write("orders.json", """[{"order_id": 1}]""");
        _dir.Write("refunds.json", """[{"refund_id": 1}]""");
        var catalog = Load();
        var removed = WaitFor(catalog, s => s.Name == "refunds" && s.Snapshot is null);
        using var watcher = new DataFolderWatcher(catalog, s_quietPeriod, _errors.Add);

        _dir.Delete("refunds.json");

        await removed.WaitAsync(s_timeout, TestContext.Current.CancellationToken);
        Assert.Equal(["orders"], catalog.Names);
    }

    private SourceCatalog Load()
    {
        var catalog = new SourceCatalog(new CatalogOptions(_dir.Path), TimeProvider.System);
        catalog.LoadAll();
        return catalog;
    }

    /// <summary>Completes with the first published state that satisfies <paramref name="match"/>.</summary>
    private static Task<SourceState> WaitFor(SourceCatalog catalog, Func<SourceState, bool> match)
    {
        var completion = new TaskCompletionSource<SourceState>(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.SourceChanged += state =>
        {
            if (match(state))
            {
                completion.TrySetResult(state);
            }
        };
        return completion.Task;
    }
}
