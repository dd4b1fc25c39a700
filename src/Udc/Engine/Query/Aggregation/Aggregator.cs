using System.Buffers;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// Groups the matching rows and computes metrics per group. Each row's group index is its group codes in
/// mixed radix, so while the key space is small (<see cref="MaxDenseGroups"/>) the accumulators are plain
/// arrays indexed by it and grouping costs no hashing at all.
/// </summary>
internal static class Aggregator
{
    /// <summary>65,536 dense slots of accumulators fit in L2 cache; larger key spaces are hashed.</summary>
    private const int MaxDenseGroups = 65_536;

    public static AggregateResult Run(SourceSnapshot snapshot, QuerySpec query, AggregateSpec spec)
    {
        using var mask = QueryExecutor.Match(snapshot, query);
        var matchCount = mask.Count();
        var keys = spec.GroupBy.Select(c => GroupKeys.For(c, mask.Words)).ToArray();
        try
        {
            long space = 1;
            foreach (var key in keys)
            {
                space = Math.Min(space * key.Cardinality, long.MaxValue / 1024);
            }
            var accumulators = new Accumulators(spec.Metrics, space <= MaxDenseGroups ? (int)space : 0);
            var slots = space <= MaxDenseGroups ? null : new Dictionary<long, int>();

            foreach (var row in MaskKernels.EnumerateRows(mask.Words))
            {
                long index = 0;
                foreach (var key in keys)
                {
                    index = index * key.Cardinality + key.CodeOf(row);
                }
                var slot = slots is null ? (int)index : SlotOf(slots, index, accumulators);
                accumulators.Add(slot, row);
            }

            var groups = accumulators.ToGroups();
            var ordered = groups.OrderByDescending(g => g.Count).ThenBy(g => g.KeyRow).Take(spec.Limit).ToList();
            return new AggregateResult(snapshot, query, spec, matchCount, ordered, groups.Count);
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }

    private static int SlotOf(Dictionary<long, int> slots, long index, Accumulators accumulators)
    {
        if (!slots.TryGetValue(index, out var slot))
        {
            slot = accumulators.AddSlot();
            slots.Add(index, slot);
        }
        return slot;
    }

    /// <summary>Per group: row count, first row, and per metric the non-null count, sum, min and max.</summary>
    private sealed class Accumulators
    {
        private readonly IReadOnlyList<Metric> _metrics;
        private readonly Column?[] _columns;
        private long[] _counts;
        private int[] _keyRows;
        private double[] _sums;
        private double[] _mins;
        private double[] _maxes;
        private long[] _valueCounts;
        private int _slotCount;

        public Accumulators(IReadOnlyList<Metric> metrics, int denseSlots)
        {
            _metrics = metrics;
            _columns = [.. metrics.Select(m => m.Column)];
            _slotCount = denseSlots;
            var capacity = Math.Max(denseSlots, 16);
            _counts = new long[capacity];
            _keyRows = new int[capacity];
            _sums = new double[capacity * metrics.Count];
            _mins = new double[capacity * metrics.Count];
            _maxes = new double[capacity * metrics.Count];
            _valueCounts = new long[capacity * metrics.Count];
        }

        public int AddSlot()
        {
            if (_slotCount == _counts.Length)
            {
                var capacity = _counts.Length * 2;
                Array.Resize(ref _counts, capacity);
                Array.Resize(ref _keyRows, capacity);
                Array.Resize(ref _sums, capacity * _metrics.Count);
                Array.Resize(ref _mins, capacity * _metrics.Count);
                Array.Resize(ref _maxes, capacity * _metrics.Count);
                Array.Resize(ref _valueCounts, capacity * _metrics.Count);
            }
            return _slotCount++;
        }

        public void Add(int slot, int row)
        {
            if (_counts[slot]++ == 0)
            {
                _keyRows[slot] = row;
            }
            for (var m = 0; m < _columns.Length; m++)
            {
                if (_columns[m] is not { } column || column.IsNull(row))
                {
                    continue;
                }
                var value = column switch
                {
                    Int64Column int64 => int64[row],
                    DoubleColumn number => number[row],
                    TimestampColumn time => time[row],
                    _ => 0d,
                };
                var at = slot * _columns.Length + m;
                if (_valueCounts[at]++ == 0)
                {
                    _mins[at] = value;
                    _maxes[at] = value;
                }
                else
                {
                    _mins[at] = Math.Min(_mins[at], value);
                    _maxes[at] = Math.Max(_maxes[at], value);
                }
                _sums[at] += value;
            }
        }

        public List<Group> ToGroups()
        {
            var groups = new List<Group>();
            for (var slot = 0; slot < _slotCount; slot++)
            {
                if (_counts[slot] == 0)
                {
                    continue;
                }
                var values = new double?[_metrics.Count];
                for (var m = 0; m < values.Length; m++)
                {
                    var at = slot * _metrics.Count + m;
                    var n = _valueCounts[at];
                    values[m] = _metrics[m].Kind switch
                    {
                        MetricKind.Count => _counts[slot],
                        _ when n == 0 => null,
                        MetricKind.Sum => _sums[at],
                        MetricKind.Avg => _sums[at] / n,
                        MetricKind.Min => _mins[at],
                        _ => _maxes[at],
                    };
                }
                groups.Add(new Group(_keyRows[slot], _counts[slot], values));
            }
            return groups;
        }
    }
}
