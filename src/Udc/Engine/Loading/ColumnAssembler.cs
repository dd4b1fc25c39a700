using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>
/// Turns one column's values, collected in one or more chunks of a file, into a typed column. The type is decided
/// from every chunk's values at once, then each chunk converts its own rows straight into its slice of the final
/// array, chunks in parallel. A file read in one chunk and the same file read in eight give the same column.
/// </summary>
internal static partial class ColumnAssembler
{
    public static Column Build(string name, ColumnPart[] parts, int rowCount)
    {
        foreach (var part in parts)
        {
            part.Builder?.Complete(part.RowCount);
        }
        var seen = SeenKinds(parts);
        var values = seen & ~RawKindSet.Null;
        var nulls = (seen & RawKindSet.Null) == 0 ? NullMask.None : BuildNullMask(parts, rowCount);

        return values switch
        {
            RawKindSet.Number => (Column?)TryBuildInt64(name, parts, rowCount, nulls) ?? (Column?)TryBuildDouble(name, parts, rowCount, nulls) ?? BuildString(name, parts, rowCount, nulls),
            RawKindSet.True or RawKindSet.False or (RawKindSet.True | RawKindSet.False) => BuildBoolean(name, parts, rowCount, nulls),
            RawKindSet.String => (Column?)TryBuildTimestamp(name, parts, rowCount, nulls) ?? BuildString(name, parts, rowCount, nulls),
            RawKindSet.Text => (Column?)TryBuildInt64(name, parts, rowCount, nulls) ?? (Column?)TryBuildDouble(name, parts, rowCount, nulls)
                ?? (Column?)TryBuildBooleanFromText(name, parts, rowCount, nulls) ?? (Column?)TryBuildTimestamp(name, parts, rowCount, nulls) ?? BuildString(name, parts, rowCount, nulls),
            _ => BuildString(name, parts, rowCount, nulls),
        };
    }

    private static RawKindSet SeenKinds(ColumnPart[] parts)
    {
        var seen = RawKindSet.None;
        foreach (var part in parts)
        {
            seen |= part.Builder?.SeenKinds() ?? (part.RowCount > 0 ? RawKindSet.Null : RawKindSet.None);
        }
        return seen;
    }

    private static NullMask BuildNullMask(ColumnPart[] parts, int rowCount)
    {
        var bits = new ulong[(rowCount + 63) / 64];
        foreach (var part in parts)
        {
            for (var row = 0; row < part.RowCount; row++)
            {
                if (part.Builder is null || part.Builder.Kinds[row] == RawKind.Null)
                {
                    var at = part.RowOffset + row;
                    bits[at >> 6] |= 1UL << at;
                }
            }
        }
        return NullMask.FromBits(bits);
    }

    /// <summary>Converts every chunk's non-null values; false as soon as one cannot be converted.</summary>
    private static bool ConvertAll<T, TConverter>(ColumnPart[] parts, T[] values)
        where TConverter : struct, IValueConverter<T> =>
        ParallelLoops.All(parts.Length, i =>
        {
            var (builder, offset, _) = parts[i];
            if (builder is null)
            {
                return true;
            }
            var kinds = builder.Kinds;
            for (var row = 0; row < kinds.Length; row++)
            {
                if (kinds[row] != RawKind.Null && !TConverter.TryConvert(kinds[row], builder.TextAt(row), out values[offset + row]))
                {
                    return false;
                }
            }
            return true;
        });

    /// <summary>
    /// Whether the column's first value converts. A column of names or dates fails the number types here, on one
    /// value, instead of after an array for every row has been allocated and zeroed (8 MB per million rows per type).
    /// </summary>
    private static bool FirstValueConverts<T, TConverter>(ColumnPart[] parts)
        where TConverter : struct, IValueConverter<T> =>
        TryFirstValue(parts, out var kind, out var text) && TConverter.TryConvert(kind, text, out _);

    private static bool TryFirstValue(ColumnPart[] parts, out RawKind kind, out ReadOnlySpan<byte> text)
    {
        foreach (var part in parts)
        {
            if (part.Builder is not { } builder)
            {
                continue;
            }
            var kinds = builder.Kinds;
            for (var row = 0; row < kinds.Length; row++)
            {
                if (kinds[row] != RawKind.Null)
                {
                    kind = kinds[row];
                    text = builder.TextAt(row);
                    return true;
                }
            }
        }
        kind = RawKind.Null;
        text = default;
        return false;
    }

    private static Int64Column? TryBuildInt64(string name, ColumnPart[] parts, int rowCount, NullMask nulls)
    {
        if (!FirstValueConverts<long, Int64Converter>(parts))
        {
            return null;
        }
        var values = new long[rowCount];
        return ConvertAll<long, Int64Converter>(parts, values) ? new Int64Column(name, values, nulls) : null;
    }

    private static DoubleColumn? TryBuildDouble(string name, ColumnPart[] parts, int rowCount, NullMask nulls)
    {
        if (!FirstValueConverts<double, DoubleConverter>(parts))
        {
            return null;
        }
        var values = new double[rowCount];
        return ConvertAll<double, DoubleConverter>(parts, values) ? new DoubleColumn(name, values, nulls) : null;
    }

    private static BooleanColumn BuildBoolean(string name, ColumnPart[] parts, int rowCount, NullMask nulls)
    {
        var values = new bool[rowCount];
        ConvertAll<bool, BooleanKindConverter>(parts, values);
        return new BooleanColumn(name, values, nulls);
    }

    private static BooleanColumn? TryBuildBooleanFromText(string name, ColumnPart[] parts, int rowCount, NullMask nulls)
    {
        if (!FirstValueConverts<bool, BooleanTextConverter>(parts))
        {
            return null;
        }
        var values = new bool[rowCount];
        return ConvertAll<bool, BooleanTextConverter>(parts, values) ? new BooleanColumn(name, values, nulls) : null;
    }

    /// <summary>Like the others, plus whether every value was a bare date, so the column is written back as dates.</summary>
    private static TimestampColumn? TryBuildTimestamp(string name, ColumnPart[] parts, int rowCount, NullMask nulls)
    {
        if (!TryFirstValue(parts, out _, out var first) || !TimestampParser.TryParse(first, out _, out _))
        {
            return null;
        }
        var values = new long[rowCount];
        var sawInstant = 0;
        var parsed = ParallelLoops.All(parts.Length, i =>
        {
            var (builder, offset, _) = parts[i];
            if (builder is null)
            {
                return true;
            }
            var kinds = builder.Kinds;
            var allDates = true;
            for (var row = 0; row < kinds.Length; row++)
            {
                if (kinds[row] == RawKind.Null)
                {
                    continue;
                }
                if (!TimestampParser.TryParse(builder.TextAt(row), out values[offset + row], out var dateOnly))
                {
                    return false;
                }
                allDates &= dateOnly;
            }
            if (!allDates)
            {
                Volatile.Write(ref sawInstant, 1);
            }
            return true;
        });
        return parsed ? new TimestampColumn(name, values, dateOnly: sawInstant == 0, nulls) : null;
    }
}
