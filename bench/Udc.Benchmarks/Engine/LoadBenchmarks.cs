using BenchmarkDotNet.Attributes;
using Udc.Engine.Columns;
using Udc.Engine.Loading;
using Udc.Engine.Snapshots;

namespace Udc.Benchmarks.Engine;

/// <summary>
/// Loading a million seeded tickets (support_tickets.json, about 196 MB) into columns, parsed on one core and on
/// every core, and read back from a snapshot file. The files are read from the page cache after the first run, so
/// this measures parsing and column building, not disk. The published binary's figures, beside DuckDB, come from
/// <c>bench/startup</c>: this is the in-process view, on the JIT.
/// </summary>
[MemoryDiagnoser]
// One load is about a second and allocates the whole table, so five measured loads are enough.
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LoadBenchmarks
{
    private const int RowCount = 1_000_000;

    private string _path = "";
    private byte[] _bytes = [];
    private SnapshotStore? _store;
    private string _realPath = "";

    /// <summary>1: the one-piece read every chunked read must agree with; 0: every core.</summary>
    [Params(1, 0)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = DemoDataCache.TicketsFile(RowCount);
        _bytes = File.ReadAllBytes(_path);
        _realPath = DataFile.RealPathOf(_path);
        var directory = Path.Combine(Path.GetTempPath(), "udc-bench", "snapshots");
        _store = new SnapshotStore(directory, 1L << 32, "bench");
        var identity = DataFile.Identify(DataFile.RealFolder(Path.GetDirectoryName(_path)!), _path, out _);
        if (_store.Find(_realPath, SourceFormat.Json, identity) is { } existing)
        {
            existing.Dispose();
            return;
        }
        var table = TableLoader.Read(_bytes, "support_tickets.json", SourceFormat.Json, out var hash);
        _store.Save(new SnapshotKey("bench", _realPath, identity, SourceFormat.Json, hash, 0), table);
    }

    [Benchmark]
    public int LoadTickets()
    {
        var table = TableLoader.Read(_bytes, "support_tickets.json", SourceFormat.Json, out _, Options());
        return table.RowCount;
    }

    /// <summary>The same million tickets from the snapshot file a parse leaves (the parallelism does not apply).</summary>
    [Benchmark]
    public int RestoreTickets()
    {
        var identity = DataFile.Identify(DataFile.RealFolder(Path.GetDirectoryName(_path)!), _path, out _);
        using var reader = _store!.Find(_realPath, SourceFormat.Json, identity) ?? throw new InvalidOperationException(_store.LastProblem);
        Table table = _store.Restore(reader, _realPath, null) ?? throw new InvalidOperationException(_store.LastProblem);
        return table.RowCount;
    }

    private LoadOptions Options() => Parallelism == 0 ? LoadOptions.Default : new LoadOptions { Parallelism = Parallelism };
}
