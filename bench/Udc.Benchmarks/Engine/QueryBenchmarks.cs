using BenchmarkDotNet.Attributes;

namespace Udc.Benchmarks.Engine;

/// <summary>
/// The queries behind <c>/data/support</c>, and a two-column group-by, over 10,000 and 1,000,000 seeded tickets. Targets at a million rows:
/// filtered page ≤ 2 ms, count ≤ 1 ms, free-text search ≤ 20 ms. Allocation must not grow with the row count;
/// <c>--budgets</c> checks that (see <see cref="AllocationBudgets"/>).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class QueryBenchmarks
{
    private QueryWorkload? _workload;

    [Params(10_000, 1_000_000)]
    public int RowCount { get; set; }

    private QueryWorkload Workload => _workload!;

    [GlobalSetup]
    public void Setup() => _workload = QueryWorkload.Load(RowCount);

    [GlobalCleanup]
    public void Cleanup() => _workload?.Dispose();

    [Benchmark]
    public int FilterNewestPage() => Workload.FilterNewestPage();

    [Benchmark]
    public int FilterCount() => Workload.FilterCount();

    [Benchmark]
    public int TextSearchPage() => Workload.TextSearchPage();

    [Benchmark]
    public int SortByCustomerPage() => Workload.SortByCustomerPage();

    [Benchmark]
    public int GroupByStatusPriority() => Workload.GroupByStatusPriority();

    [Benchmark]
    public int WritePage() => Workload.WritePage();
}
