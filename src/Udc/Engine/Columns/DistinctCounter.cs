using System.IO.Hashing;
using System.Numerics;

namespace Udc.Engine.Columns;

internal static class DistinctCounter
{
    /// <summary>Exact count of distinct non-null values. Runs once per column and snapshot, off the query path.</summary>
    public static int Count(ReadOnlySpan<long> values, NullMask nulls)
    {
        // Ids are written in order more often than not: a rising column has as many values as rows, found in one pass.
        if (IsRising(values, nulls, out var count))
        {
            return count;
        }
        var seen = new LongSet();
        for (var row = 0; row < values.Length; row++)
        {
            if (!nulls.IsNull(row))
            {
                seen.Add(values[row]);
            }
        }
        return seen.Count;
    }

    /// <summary>Whether two non-null values are equal, stopping at the first such pair.</summary>
    public static bool HasRepeat(ReadOnlySpan<long> values, NullMask nulls)
    {
        if (IsRising(values, nulls, out _))
        {
            return false;
        }
        var seen = new LongSet();
        for (var row = 0; row < values.Length; row++)
        {
            if (!nulls.IsNull(row) && !seen.Add(values[row]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A set of longs in one open-addressing array that doubles at half full: about twice as fast as a
    /// <see cref="HashSet{T}"/> over 100,000 to a million distinct values (no entry records, no modulo; bench/RESULTS.md),
    /// and sized by the distinct values, not the rows, so a two-value column over a million rows costs a few kilobytes.
    /// </summary>
    private struct LongSet()
    {
        /// <summary>Marks a free slot; the value itself, when present, is kept aside.</summary>
        private const long Free = long.MinValue;

        private long[] _slots = NewSlots(256);
        private int _shift = 64 - 8;
        private int _used;
        private bool _hasFree;

        public readonly int Count => _used + (_hasFree ? 1 : 0);

        /// <summary>Adds <paramref name="value"/>; false when it was there already.</summary>
        public bool Add(long value)
        {
            if (value == Free)
            {
                var added = !_hasFree;
                _hasFree = true;
                return added;
            }
            if (!Insert(_slots, _shift, value))
            {
                return false;
            }
            if (++_used * 2 > _slots.Length)
            {
                Grow();
            }
            return true;
        }

        /// <summary>Fibonacci hashing: the top bits of the product spread ids and timestamps that differ only low down.</summary>
        private static bool Insert(long[] slots, int shift, long value)
        {
            var mask = slots.Length - 1;
            var slot = (int)((ulong)value * 0x9E3779B97F4A7C15UL >> shift);
            while (true)
            {
                var held = slots[slot];
                if (held == value)
                {
                    return false;
                }
                if (held == Free)
                {
                    slots[slot] = value;
                    return true;
                }
                slot = (slot + 1) & mask;
            }
        }

        private void Grow()
        {
            var slots = NewSlots(_slots.Length * 2);
            var shift = _shift - 1;
            foreach (var value in _slots)
            {
                if (value != Free)
                {
                    Insert(slots, shift, value);
                }
            }
            _slots = slots;
            _shift = shift;
        }

        private static long[] NewSlots(int length)
        {
            var slots = GC.AllocateUninitializedArray<long>(length);
            slots.AsSpan().Fill(Free);
            return slots;
        }
    }

    /// <summary>
    /// Exact count of distinct non-null texts by hashing each once: a million e-mail addresses are counted in tens
    /// of milliseconds, where sorting them (what the order keys need) takes about a second.
    /// </summary>
    public static int Count(StringColumn column)
    {
        var rows = column.RowCount;
        var slots = new int[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, rows) * 2))];
        slots.AsSpan().Fill(-1);
        var mask = slots.Length - 1;
        var distinct = 0;
        for (var row = 0; row < rows; row++)
        {
            if (column.IsNull(row))
            {
                continue;
            }
            var value = column.GetUtf8(row);
            var slot = (int)XxHash3.HashToUInt64(value) & mask;
            while (slots[slot] >= 0 && !column.GetUtf8(slots[slot]).SequenceEqual(value))
            {
                slot = (slot + 1) & mask;
            }
            if (slots[slot] < 0)
            {
                slots[slot] = row;
                distinct++;
            }
        }
        return distinct;
    }

    private static bool IsRising(ReadOnlySpan<long> values, NullMask nulls, out int count)
    {
        count = 0;
        var previous = long.MinValue;
        for (var row = 0; row < values.Length; row++)
        {
            if (nulls.IsNull(row))
            {
                continue;
            }
            if (count > 0 && values[row] <= previous)
            {
                return false;
            }
            previous = values[row];
            count++;
        }
        return true;
    }
}
