using Udc.Engine.Columns;

namespace Udc.Engine.Policies;

/// <summary>
/// Copies of columns that hold only some rows, in order, each keeping its type: a view of a source under a row
/// policy reads like a source that only ever held those rows (its dictionaries list only their values).
/// </summary>
internal static class ColumnSubset
{
    public static Column Take(Column column, int[] rows) => column switch
    {
        Int64Column ints => new Int64Column(column.Name, Gather(ints.Values, rows), Nulls(column, rows)),
        DoubleColumn doubles => new DoubleColumn(column.Name, Gather(doubles.Values, rows), Nulls(column, rows)),
        BooleanColumn booleans => new BooleanColumn(column.Name, Gather(booleans.Values, rows), Nulls(column, rows)),
        TimestampColumn times => new TimestampColumn(column.Name, Gather(times.Values, rows), times.DateOnly, Nulls(column, rows)),
        DictionaryStringColumn dictionary => TakeDictionary(dictionary, rows),
        StringColumn strings => TakePlain(strings, rows),
        _ => throw new NotSupportedException($"column type {column.GetType().Name}"),
    };

    /// <summary>The null mask of the kept rows.</summary>
    public static NullMask Nulls(Column column, int[] rows)
    {
        if (!column.Nulls.HasNulls)
        {
            return NullMask.None;
        }
        var bits = new ulong[(rows.Length + 63) >> 6];
        for (var i = 0; i < rows.Length; i++)
        {
            if (column.IsNull(rows[i]))
            {
                bits[i >> 6] |= 1UL << i;
            }
        }
        return NullMask.FromBits(bits);
    }

    private static T[] Gather<T>(ReadOnlySpan<T> values, int[] rows)
    {
        var result = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            result[i] = values[rows[i]];
        }
        return result;
    }

    /// <summary>Codes renumbered over the values the kept rows use, so no other row's value is listed anywhere.</summary>
    private static DictionaryStringColumn TakeDictionary(DictionaryStringColumn column, int[] rows)
    {
        var source = column.Codes;
        var renumbered = new int[column.DistinctCount];
        Array.Fill(renumbered, -1);
        var entries = new List<byte[]>();
        var codes = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var code = source[rows[i]];
            if (code == DictionaryStringColumn.NullCode)
            {
                codes[i] = code;
                continue;
            }
            if (renumbered[code] < 0)
            {
                renumbered[code] = entries.Count;
                entries.Add(column.GetEntryUtf8(code).ToArray());
            }
            codes[i] = renumbered[code];
        }
        return new DictionaryStringColumn(column.Name, codes, [.. entries], Nulls(column, rows));
    }

    private static PlainStringColumn TakePlain(StringColumn column, int[] rows)
    {
        long length = 0;
        foreach (var row in rows)
        {
            length += column.GetUtf8(row).Length;
        }
        var blob = new byte[length];
        var offsets = new int[rows.Length + 1];
        var at = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var value = column.GetUtf8(rows[i]);
            value.CopyTo(blob.AsSpan(at));
            at += value.Length;
            offsets[i + 1] = at;
        }
        return new PlainStringColumn(column.Name, blob, offsets, Nulls(column, rows));
    }
}
