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
        var seen = new HashSet<long>();
        for (var row = 0; row < values.Length; row++)
        {
            if (!nulls.IsNull(row))
            {
                seen.Add(values[row]);
            }
        }
        return seen.Count;
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
