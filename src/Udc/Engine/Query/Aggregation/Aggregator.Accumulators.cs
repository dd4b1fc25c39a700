using System.Buffers;
using System.Numerics;
using Udc.Engine.Columns;
using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Query.Aggregation;

internal static partial class Aggregator
{
    /// <summary>
    /// Per group: row count, first row, and per metric the non-null count, sum, min and max: as integers for
    /// int64 and timestamp columns, as doubles for double columns.
    /// </summary>
    private sealed class Accumulators
    {
        private readonly IReadOnlyList<Metric> _metrics;
        private readonly Column?[] _columns;
        private long[] _counts;
        private int[] _keyRows;
        private long[] _valueCounts;
        private Int128[] _integerSums;
        private long[] _integerMins;
        private long[] _integerMaxes;
        private double[] _realSums;
        private double[] _realMins;
        private double[] _realMaxes;
        private readonly bool _hasColumnMetrics;
        private int _slotCount;

        public Accumulators(IReadOnlyList<Metric> metrics, int denseSlots)
        {
            _metrics = metrics;
            _columns = [.. metrics.Select(m => m.Column)];
            _slotCount = denseSlots;
            var capacity = Math.Max(denseSlots, 16);
            _counts = new long[capacity];
            _keyRows = new int[capacity];
            // Counting needs no per-metric cells; they exist only when a metric reads a column.
            _hasColumnMetrics = metrics.Any(m => m.Column is not null);
            var cells = _hasColumnMetrics ? capacity * metrics.Count : 0;
            _valueCounts = new long[cells];
            _integerSums = new Int128[cells];
            _integerMins = new long[cells];
            _integerMaxes = new long[cells];
            _realSums = new double[cells];
            _realMins = new double[cells];
            _realMaxes = new double[cells];
        }

        /// <summary>
        /// The common "count by status and priority": two code arrays read as spans, the null code (-1) mapped to
        /// the last slot without a branch, one increment per row.
        /// </summary>
        public void CountPairs(ReadOnlySpan<ulong> mask, DictionaryStringColumn first, DictionaryStringColumn second)
        {
            var firstCodes = first.Codes;
            var secondCodes = second.Codes;
            var firstCardinality = first.DistinctCount + 1;
            var secondCardinality = second.DistinctCount + 1;
            var counts = _counts.AsSpan();
            var keyRows = _keyRows.AsSpan();
            foreach (var row in MaskKernels.EnumerateRows(mask))
            {
                var a = firstCodes[row];
                var b = secondCodes[row];
                var index = (a + ((a >> 31) & firstCardinality)) * secondCardinality + b + ((b >> 31) & secondCardinality);
                if (counts[index]++ == 0)
                {
                    keyRows[index] = row;
                }
            }
        }

        public int AddSlot()
        {
            if (_slotCount == _counts.Length)
            {
                var capacity = _counts.Length * 2;
                var cells = _hasColumnMetrics ? capacity * _metrics.Count : 0;
                Array.Resize(ref _counts, capacity);
                Array.Resize(ref _keyRows, capacity);
                Array.Resize(ref _valueCounts, cells);
                Array.Resize(ref _integerSums, cells);
                Array.Resize(ref _integerMins, cells);
                Array.Resize(ref _integerMaxes, cells);
                Array.Resize(ref _realSums, cells);
                Array.Resize(ref _realMins, cells);
                Array.Resize(ref _realMaxes, cells);
            }
            return _slotCount++;
        }

        /// <summary>Adds each row of a chunk to its slot: counts first, then each metric in a loop of its column's type.</summary>
        public void Add(ReadOnlySpan<int> slots, ReadOnlySpan<int> rows)
        {
            var counts = _counts.AsSpan();
            var keyRows = _keyRows.AsSpan();
            for (var i = 0; i < rows.Length; i++)
            {
                if (counts[slots[i]]++ == 0)
                {
                    keyRows[slots[i]] = rows[i];
                }
            }
            for (var m = 0; m < _columns.Length; m++)
            {
                switch (_columns[m])
                {
                    case DoubleColumn number:
                        AddValues(m, number.Values, number.Nulls, slots, rows, _realSums, _realMins, _realMaxes);
                        break;
                    case Int64Column int64:
                        AddValues(m, int64.Values, int64.Nulls, slots, rows, _integerSums, _integerMins, _integerMaxes);
                        break;
                    case TimestampColumn timestamps:
                        AddValues(m, timestamps.Values, timestamps.Nulls, slots, rows, _integerSums, _integerMins, _integerMaxes);
                        break;
                }
            }
        }

        /// <summary>One metric's values into its cells: doubles summed as doubles, integers and instants as 128-bit sums.</summary>
        private void AddValues<TValue, TSum>(int metric, ReadOnlySpan<TValue> values, NullMask nulls, ReadOnlySpan<int> slots, ReadOnlySpan<int> rows, Span<TSum> sums, Span<TValue> mins, Span<TValue> maxes)
            where TValue : INumber<TValue>
            where TSum : INumber<TSum>
        {
            var stride = _columns.Length;
            var valueCounts = _valueCounts.AsSpan();
            for (var i = 0; i < rows.Length; i++)
            {
                var row = rows[i];
                if (nulls.IsNull(row))
                {
                    continue;
                }
                var at = (slots[i] * stride) + metric;
                var value = values[row];
                if (valueCounts[at]++ == 0)
                {
                    sums[at] = TSum.CreateTruncating(value);
                    mins[at] = maxes[at] = value;
                }
                else
                {
                    sums[at] += TSum.CreateTruncating(value);
                    mins[at] = TValue.Min(mins[at], value);
                    maxes[at] = TValue.Max(maxes[at], value);
                }
            }
        }

        /// <summary>
        /// The <paramref name="limit"/> largest groups, ties by first row, and how many groups there are. Only
        /// those become objects: the rest are ranked as slot numbers in a pooled array.
        /// </summary>
        public (List<Group> Groups, int Total) Largest(int limit)
        {
            var filled = ArrayPool<int>.Shared.Rent(Math.Max(1, _slotCount));
            try
            {
                var total = 0;
                for (var slot = 0; slot < _slotCount; slot++)
                {
                    if (_counts[slot] > 0)
                    {
                        filled[total++] = slot;
                    }
                }
                var ranked = filled.AsSpan(0, total);
                ranked.Sort(new LargestFirst(_counts, _keyRows));
                var groups = new List<Group>(Math.Min(limit, total));
                foreach (var slot in ranked[..Math.Min(limit, total)])
                {
                    var values = new MetricValue[_metrics.Count];
                    for (var m = 0; m < values.Length; m++)
                    {
                        values[m] = Value(_metrics[m], slot, (slot * _metrics.Count) + m);
                    }
                    groups.Add(new Group(_keyRows[slot], _counts[slot], values));
                }
                return (groups, total);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(filled);
            }
        }

        private MetricValue Value(Metric metric, int slot, int at)
        {
            if (metric.Kind == MetricKind.Count)
            {
                return MetricValue.OfInteger(_counts[slot]);
            }
            var n = _valueCounts[at];
            var real = metric.Column is DoubleColumn;
            return metric.Kind switch
            {
                _ when n == 0 => MetricValue.None,
                MetricKind.Sum => real ? MetricValue.OfReal(_realSums[at]) : MetricValue.OfInteger(_integerSums[at]),
                MetricKind.Avg => MetricValue.OfReal(real ? _realSums[at] / n : (double)_integerSums[at] / n),
                MetricKind.Min => real ? MetricValue.OfReal(_realMins[at]) : MetricValue.OfInteger(_integerMins[at]),
                _ => real ? MetricValue.OfReal(_realMaxes[at]) : MetricValue.OfInteger(_integerMaxes[at]),
            };
        }
    }

    /// <summary>Slots by row count, largest first, then by their first row: the order groups are answered in.</summary>
    private readonly struct LargestFirst(long[] counts, int[] keyRows) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byCount = counts[y].CompareTo(counts[x]);
            return byCount != 0 ? byCount : keyRows[x].CompareTo(keyRows[y]);
        }
    }
}
