using System.Numerics;
using System.Runtime.InteropServices;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query.Kernels;
using Udc.Observability;

namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// Groups the matching rows and computes metrics per group. Each row's group index is its group codes in
/// mixed radix, so while the key space is small (<see cref="MaxDenseGroups"/>) the accumulators are plain
/// arrays indexed by it and grouping costs no hashing at all. Larger key spaces are hashed, in 64 bits while
/// the key space fits and in 128 bits past that (four columns of a million values each), within the bounds of
/// an <see cref="AggregationBudget"/>: groups and scratch memory per query, and heavy groupings at once.
/// </summary>
internal static partial class Aggregator
{
    /// <summary>65,536 dense slots of accumulators fit in L2 cache; larger key spaces are hashed.</summary>
    private const int MaxDenseGroups = 65_536;

    /// <summary>Dense arrays are allocated whole, so a key space with many metric cells is hashed instead past 4 MiB.</summary>
    private const long MaxDenseBytes = 4L * 1024 * 1024;

    /// <summary>A group's count and first row; each metric over a column adds its non-null count, sum, min and max.</summary>
    private const int GroupBytes = sizeof(long) + sizeof(int);

    private const int MetricBytes = sizeof(long) + 16 + (5 * sizeof(long));

    /// <summary>A <see cref="Dictionary{TKey, TValue}"/> entry of a long key and an int, with its bucket.</summary>
    private const int TableEntryBytes = 28;

    /// <param name="budget">The bounds to keep; <see cref="AggregationBudget.Shared"/> unless a test brings its own.</param>
    /// <exception cref="AggregationLimitException">Too many groups, or too many heavy groupings running.</exception>
    public static AggregateResult Run(SourceSnapshot snapshot, QuerySpec query, AggregateSpec spec, AggregationBudget? budget = null)
    {
        if (snapshot.Pushdown is { } pushdown)
        {
            // The database groups; it answers at most the groups asked for, so the budget has nothing to bound here.
            return pushdown.Aggregate(snapshot, query, spec);
        }
        budget ??= AggregationBudget.Shared;
        using var mask = QueryExecutor.Match(snapshot, query);
        var matchCount = mask.Count();
        var slotBytes = GroupBytes + (MetricBytes * (long)spec.Metrics.Count(m => m.Column is not null));
        // Hashed: the slot's key, each value's entry in its column's code table, and room for the tables to grow.
        var groupBytes = 2 * (slotBytes + TableEntryBytes + (TableEntryBytes * (long)spec.GroupBy.Count(c => c is not { Column: DictionaryStringColumn, Bucket: null })));
        var maxGroups = budget.MaxGroupsFor(groupBytes);
        var keys = new GroupKeys[spec.GroupBy.Count];
        UInt128 space = 1;
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = new GroupKeys(spec.GroupBy[i], maxGroups);
            // At most 4 radixes below 2^31 each: the product fits 128 bits.
            space *= (uint)keys[i].Radix;
        }

        if (space <= MaxDenseGroups && (long)space * slotBytes <= MaxDenseBytes)
        {
            var dense = new Accumulators(spec.Metrics, (int)space);
            if (spec.Metrics.All(m => m.Kind == MetricKind.Count) && spec.GroupBy is [{ Column: DictionaryStringColumn first, Bucket: null }, { Column: DictionaryStringColumn second, Bucket: null }])
            {
                dense.CountPairs(mask.Words, first, second);
            }
            else
            {
                AccumulateDense(mask.Words, keys, dense);
            }
            return Result(snapshot, query, spec, matchCount, dense);
        }

        // Only a grouping that may need much memory takes a heavy slot; one over few matching rows cannot.
        var possibleGroups = (long)UInt128.Min(UInt128.Min(space, (uint)matchCount), (uint)maxGroups);
        using var slot = possibleGroups * groupBytes > budget.HeavyBytes ? budget.EnterHeavy() : default;
        var hashed = new Accumulators(spec.Metrics, 0);
        if (space <= long.MaxValue)
        {
            AccumulateHashed<long>(mask.Words, keys, hashed, maxGroups);
        }
        else
        {
            AccumulateHashed<UInt128>(mask.Words, keys, hashed, maxGroups);
        }
        return Result(snapshot, query, spec, matchCount, hashed);
    }

    /// <summary>
    /// The answered groups: by default the largest, and only those become objects; with HAVING or an order every
    /// group is materialised (at most the budget's groups), filtered and sorted before the page is cut.
    /// </summary>
    private static AggregateResult Result(SourceSnapshot snapshot, QuerySpec query, AggregateSpec spec, int matchCount, Accumulators accumulators)
    {
        List<Group> page;
        int total;
        if (spec.Having is null && spec.Order.Count == 0)
        {
            (var largest, total) = accumulators.Largest((int)Math.Min((long)spec.Offset + spec.Limit, int.MaxValue));
            page = spec.Offset == 0 ? largest : [.. largest.Skip(spec.Offset)];
        }
        else
        {
            var (groups, _) = accumulators.Largest(int.MaxValue);
            if (spec.Having is { } having)
            {
                groups.RemoveAll(g => having.Evaluate(g.Values) != true);
            }
            total = groups.Count;
            page = [.. GroupOrdering.Sort(groups, spec).Skip(spec.Offset).Take(spec.Limit)];
        }
        QueryTelemetry.Rows(snapshot.RowCount, matchCount, page.Count);
        return new AggregateResult(snapshot, query, spec, matchCount, page, total);
    }

    /// <summary>
    /// Rows are taken a chunk at a time: each key column adds its codes to the chunk's slot numbers in one loop of its
    /// own kind, then each metric adds its column's values in one loop of its type, so no row pays for a type test or a
    /// virtual call (a million rows by day: ~28 ms row by row, see bench/RESULTS.md).
    /// </summary>
    private const int RowsPerChunk = 1024;

    private static void AccumulateDense(ReadOnlySpan<ulong> mask, GroupKeys[] keys, Accumulators accumulators)
    {
        Span<int> rows = stackalloc int[RowsPerChunk];
        Span<int> slots = stackalloc int[RowsPerChunk];
        var filled = 0;
        foreach (var row in MaskKernels.EnumerateRows(mask))
        {
            rows[filled++] = row;
            if (filled == RowsPerChunk)
            {
                AddDenseChunk(rows, slots, keys, accumulators);
                filled = 0;
            }
        }
        AddDenseChunk(rows[..filled], slots[..filled], keys, accumulators);
    }

    private static void AddDenseChunk(ReadOnlySpan<int> rows, Span<int> slots, GroupKeys[] keys, Accumulators accumulators)
    {
        Deadline.ThrowIfPassed();
        slots.Clear();
        foreach (var key in keys)
        {
            key.AddCodes(rows, slots);
        }
        accumulators.Add(slots, rows);
    }

    private static void AccumulateHashed<TKey>(ReadOnlySpan<ulong> mask, GroupKeys[] keys, Accumulators accumulators, int maxGroups)
        where TKey : struct, IBinaryInteger<TKey>
    {
        var table = new Dictionary<TKey, int>();
        Span<int> rows = stackalloc int[RowsPerChunk];
        Span<int> slots = stackalloc int[RowsPerChunk];
        var filled = 0;
        foreach (var row in MaskKernels.EnumerateRows(mask))
        {
            var index = TKey.Zero;
            foreach (var key in keys)
            {
                index = (index * TKey.CreateTruncating(key.Radix)) + TKey.CreateTruncating(key.CodeOf(row));
            }
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(table, index, out var exists);
            if (!exists)
            {
                if (table.Count > maxGroups)
                {
                    AggregationThrow.TooManyGroups(maxGroups, "the matching rows have more combinations of the group-by values than that");
                }
                slot = accumulators.AddSlot();
            }
            rows[filled] = row;
            slots[filled++] = slot;
            if (filled == RowsPerChunk)
            {
                Deadline.ThrowIfPassed();
                accumulators.Add(slots, rows);
                filled = 0;
            }
        }
        accumulators.Add(slots[..filled], rows[..filled]);
    }
}
