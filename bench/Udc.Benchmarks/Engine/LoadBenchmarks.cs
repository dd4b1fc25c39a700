using BenchmarkDotNet.Attributes;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Benchmarks.Engine;

/// <summary>
/// Loading a million seeded tickets (support_tickets.json, about 196 MB) into columns; target ≤ 1.0 s. The
/// file is read from the page cache after the first run, so this measures parsing and column building, not disk.
/// </summary>
[MemoryDiagnoser]
// One load is about a second and allocates the whole table, so five measured loads are enough.
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LoadBenchmarks
{
    private const int RowCount = 1_000_000;

    private string _path = "";

    [GlobalSetup]
    public void Setup() => _path = DemoDataCache.TicketsFile(RowCount);

    [Benchmark]
    public int LoadTickets()
    {
        var table = TableLoader.Load(_path, SourceFormat.Json);
        return table.RowCount;
    }
}
