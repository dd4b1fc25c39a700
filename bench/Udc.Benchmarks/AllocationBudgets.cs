using System.Diagnostics;
using System.Globalization;
using Udc.Benchmarks.Engine;

namespace Udc.Benchmarks;

/// <summary>
/// Checks that each query of <see cref="QueryWorkload"/> allocates no more than its budget, at 10,000 and at
/// 1,000,000 rows, and that the allocation does not grow with the row count: a query's buffers are pooled,
/// so what it allocates is a few small objects whatever the size of the source. Runs in-process with
/// <c>GC.GetAllocatedBytesForCurrentThread</c>, which counts to the byte, in seconds rather than the minutes
/// of a BenchmarkDotNet run; exits 1 on a breach so CI can gate on it.
/// </summary>
internal static class AllocationBudgets
{
    public const string Switch = "--budgets";

    /// <summary>At most this many more bytes at 1,000,000 rows than at 10,000 (a size class of one small object).</summary>
    private const long MaxGrowthBytes = 64;

    // Calls before anything is counted: static constructors run and array pools fill on the first ones; the
    // time floor lets tiered compilation finish, since tier-0 code allocates what tier-1 keeps on the stack
    // (boxed enumerators, small arrays) and the runtime waits 100 ms of calm before promoting methods.
    private const int MinWarmupRuns = 50;
    private static readonly TimeSpan s_minWarmupTime = TimeSpan.FromSeconds(1);

    // The largest of several runs is kept, so an allocation that happens one call in a few is still seen.
    private const int MeasuredRuns = 10;

    private static readonly int[] s_rowCounts = [10_000, 1_000_000];

    // A page query allocates a handful of small objects (the result, the masks' wrappers, the sort comparer's
    // key arrays), about 400 B; a group-by adds its accumulators and group list, about 3 KB for 4 x 4 groups.
    // Budgets leave room for a few more objects but not for anything sized by the source, such as a buffer
    // that stops being pooled. Writing a page allocates nothing: the writer and its buffer are reused.
    private static readonly Budget[] s_budgets =
    [
        new(nameof(QueryWorkload.FilterNewestPage), 1_024, w => w.FilterNewestPage()),
        new(nameof(QueryWorkload.FilterCount), 1_024, w => w.FilterCount()),
        new(nameof(QueryWorkload.TextSearchPage), 1_024, w => w.TextSearchPage()),
        new(nameof(QueryWorkload.SortByCustomerPage), 1_024, w => w.SortByCustomerPage()),
        new(nameof(QueryWorkload.GroupByStatusPriority), 4_096, w => w.GroupByStatusPriority()),
        new(nameof(QueryWorkload.WritePage), 0, w => w.WritePage()),
    ];

    public static int Run(TextWriter output)
    {
        var allocated = new long[s_budgets.Length, s_rowCounts.Length];
        for (var size = 0; size < s_rowCounts.Length; size++)
        {
            output.WriteLine($"Loading {s_rowCounts[size]:N0} tickets...");
            using var workload = QueryWorkload.Load(s_rowCounts[size]);
            for (var query = 0; query < s_budgets.Length; query++)
            {
                allocated[query, size] = Measure(s_budgets[query].Run, workload);
            }
        }

        var failures = new List<string>();
        output.WriteLine();
        output.WriteLine($"{"Query",-22} {"10,000 rows",12} {"1,000,000 rows",15} {"Budget",8}  Verdict");
        for (var query = 0; query < s_budgets.Length; query++)
        {
            var budget = s_budgets[query];
            var small = allocated[query, 0];
            var large = allocated[query, 1];
            var verdict = "ok";
            if (Math.Max(small, large) > budget.MaxBytes)
            {
                verdict = "OVER BUDGET";
                failures.Add($"{budget.Name} allocates {Math.Max(small, large):N0} B per call, over its budget of {budget.MaxBytes:N0} B");
            }
            if (large - small > MaxGrowthBytes)
            {
                verdict = "GROWS WITH ROWS";
                failures.Add($"{budget.Name} allocates {large:N0} B per call at 1,000,000 rows against {small:N0} B at 10,000: {large - small:N0} B more, over the allowed {MaxGrowthBytes} B");
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{budget.Name,-22} {small,10:N0} B {large,13:N0} B {budget.MaxBytes,6:N0} B  {verdict}"));
        }

        output.WriteLine();
        if (failures.Count == 0)
        {
            output.WriteLine("All allocation budgets hold.");
            return 0;
        }
        foreach (var failure in failures)
        {
            output.WriteLine($"FAIL: {failure}");
        }
        return 1;
    }

    /// <summary>The most bytes one call allocated on this thread, over <see cref="MeasuredRuns"/> calls after warm-up.</summary>
    private static long Measure(Func<QueryWorkload, int> query, QueryWorkload workload)
    {
        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < MinWarmupRuns || warmup.Elapsed < s_minWarmupTime; i++)
        {
            query(workload);
        }
        var most = 0L;
        for (var i = 0; i < MeasuredRuns; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            query(workload);
            most = Math.Max(most, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return most;
    }

    private sealed record Budget(string Name, long MaxBytes, Func<QueryWorkload, int> Run);
}
