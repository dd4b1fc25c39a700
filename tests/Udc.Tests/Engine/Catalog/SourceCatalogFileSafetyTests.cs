using Udc.Engine.Catalog;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Catalog;

/// <summary>
/// Files the catalog must not serve (links out of the folder, FIFOs) and files it must not take at face value
/// (empty or caught mid-write): each is reported, and a good snapshot is never replaced by one of them.
/// </summary>
public sealed class SourceCatalogFileSafetyTests : IDisposable
{
    private readonly TempDataDirectory _dir = new("udc-catalog-safety-");
    private readonly TempDataDirectory _outside = new("udc-catalog-outside-");

    public void Dispose()
    {
        _dir.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void LoadAll_LinkOutOfFolder_NoSourceAndReportedRefused()
    {
        _dir.Write("orders.csv", "order_id\n1\n");
        File.CreateSymbolicLink(_dir.PathOf("shadow.csv"), _outside.Write("secret.csv", "user,hash\nroot,x\n"));

        var catalog = Load();

        Assert.Equal(["orders"], catalog.Names);
        var refused = Assert.Single(catalog.RefusedFiles);
        Assert.Equal(new RefusedFile("shadow.csv", "a link to a file outside the data folder"), refused);
    }

    [Fact]
    public async Task LoadAll_FifoInFolder_RefusedAndLoadDoesNotBlock()
    {
        _dir.Write("orders.csv", "order_id\n1\n");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", _dir.PathOf("feed.ndjson")))
        {
            mkfifo.WaitForExit();
        }

        var catalog = await Task.Run(() => Load(), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(["orders"], catalog.Names);
        Assert.Equal("not a regular file (a FIFO)", Assert.Single(catalog.RefusedFiles).Reason);
    }

    [Fact]
    public void LoadAll_ConfiguredFileOutsideFolder_Refused()
    {
        _outside.Write("payroll.json", """[{"employee_id": 1, "salary": 100000}]""");
        var config = _outside.Write("udc.json", """{"sources": {"payroll": {"file": "../""" + Path.GetFileName(_outside.Path) + """/payroll.json"}}}""");

        var catalog = Load(config);

        Assert.DoesNotContain("payroll", catalog.Names);
        Assert.Equal("a link to a file outside the data folder", Assert.Single(catalog.RefusedFiles).Reason);
    }

    [Fact]
    public void Refresh_LinkAddedLater_RefusedAndRaisedOnce()
    {
        _dir.Write("orders.csv", "order_id\n1\n");
        var catalog = Load();
        var raised = new List<RefusedFile>();
        catalog.FilesRefused += raised.AddRange;
        File.CreateSymbolicLink(_dir.PathOf("passwd.csv"), "/etc/passwd");

        catalog.Refresh();
        catalog.Refresh();

        Assert.Equal(["orders"], catalog.Names);
        Assert.Equal("passwd.csv", Assert.Single(raised).FileName);
        Assert.Single(catalog.RefusedFiles);
    }

    [Fact]
    public void Refresh_ServedFileReplacedByOutsideLink_SourceGoes()
    {
        _dir.Write("orders.csv", "order_id\n1\n");
        var catalog = Load();
        File.Delete(_dir.PathOf("orders.csv"));
        File.CreateSymbolicLink(_dir.PathOf("orders.csv"), _outside.Write("other.csv", "secret\n42\n"));

        catalog.Refresh();

        Assert.Empty(catalog.Names);
        Assert.Equal("orders.csv", Assert.Single(catalog.RefusedFiles).FileName);
    }

    [Fact]
    public void Refresh_FileTruncatedToZeroBytes_PreviousSnapshotKeptAndReported()
    {
        _dir.Write("orders.csv", "order_id,total\n1,9.5\n2,3.25\n");
        var catalog = Load();
        File.WriteAllBytes(_dir.PathOf("orders.csv"), []);

        catalog.Refresh();

        Assert.True(catalog.TryGet("orders", out var state));
        Assert.Equal(2, state.Snapshot!.RowCount);
        Assert.Equal("reload_failed", state.Status);
        Assert.Contains("empty (0 bytes)", state.LastFailure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_ZeroByteFileRewritten_NewContentServed()
    {
        _dir.Write("orders.csv", "order_id\n1\n");
        var catalog = Load();
        File.WriteAllBytes(_dir.PathOf("orders.csv"), []);
        catalog.Refresh();
        _dir.Write("orders.csv", "order_id\n1\n2\n3\n");
        File.SetLastWriteTimeUtc(_dir.PathOf("orders.csv"), DateTime.UtcNow.AddSeconds(5));

        catalog.Refresh();

        Assert.True(catalog.TryGet("orders", out var state));
        Assert.Equal(("ready", 3), (state.Status, state.Snapshot!.RowCount));
    }

    [Fact]
    public void LoadAll_ZeroByteFileAtStart_FailedNotEmpty()
    {
        _dir.Write("orders.csv", "");

        var catalog = Load();

        Assert.True(catalog.TryGet("orders", out var state));
        Assert.Equal("failed", state.Status);
        Assert.Null(state.Snapshot);
    }

    [Theory]
    [InlineData("orders.json", "[]")]
    [InlineData("orders.ndjson", "\n")]
    [InlineData("orders.csv", "order_id,total\n")]
    public void LoadAll_EmptyOnPurpose_ReadyWithNoRows(string file, string content)
    {
        _dir.Write(file, content);

        var catalog = Load();

        Assert.True(catalog.TryGet("orders", out var state));
        Assert.Equal(("ready", 0), (state.Status, state.Snapshot!.RowCount));
    }

    [Fact]
    public async Task Refresh_FileRewrittenInPlaceWhileRead_NeverServesAnEmptyOrPartialVersion()
    {
        // A writer truncates and rewrites the file in place, in small pieces, as a careless exporter does; the
        // catalog refreshes all the while. Every snapshot it ever serves is one of the two whole versions: an empty
        // file is refused, a JSON array cut short does not parse, and a read that overlaps a write is discarded.
        var small = Json(2_000);
        var large = Json(6_000);
        _dir.Write("orders.json", small);
        var catalog = Load();
        var served = new List<int>();
        catalog.SourceChanged += s => { if (s.Snapshot is { } snapshot) lock (served) served.Add(snapshot.RowCount); };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var writer = Task.Run(() =>
        {
            for (var round = 0; round < 30 && !stop.IsCancellationRequested; round++)
            {
                using var stream = new FileStream(_dir.PathOf("orders.json"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
                var bytes = System.Text.Encoding.UTF8.GetBytes(round % 2 == 0 ? large : small);
                for (var offset = 0; offset < bytes.Length; offset += 4096)
                {
                    stream.Write(bytes, offset, Math.Min(4096, bytes.Length - offset));
                    stream.Flush();
                }
            }
        }, TestContext.Current.CancellationToken);

        for (var refreshes = 0; refreshes < 2_000 && !writer.IsCompleted; refreshes++)
        {
            catalog.Refresh();
        }
        await writer;
        Assert.True(catalog.Refresh() || catalog.Refresh());

        Assert.All(served, rows => Assert.Contains(rows, new[] { 2_000, 6_000 }));
        Assert.True(catalog.TryGet("orders", out var final));
        Assert.Equal(("ready", 2_000), (final.Status, final.Snapshot!.RowCount));
    }

    private static string Json(int rows) =>
        "[" + string.Join(",\n", Enumerable.Range(1, rows).Select(i => $$"""{"order_id": {{i}}, "total": {{i * 1.5}}}""")) + "]";

    private SourceCatalog Load(string? configPath = null)
    {
        var catalog = new SourceCatalog(new CatalogOptions(_dir.Path, configPath), TimeProvider.System);
        catalog.LoadAll();
        return catalog;
    }
}
