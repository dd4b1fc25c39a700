using System.Globalization;
using System.Text.Json;

namespace Udc.Engine.Columns;

/// <summary>
/// Instants stored as Unix milliseconds (UTC). A column whose every value was a bare date (<c>2024-03-15</c>)
/// is <see cref="DateOnly"/> and is written back as a date.
/// </summary>
internal sealed class TimestampColumn(string name, long[] unixMilliseconds, bool dateOnly, NullMask nulls)
    : Column(name, ColumnType.Timestamp, unixMilliseconds.Length, nulls)
{
    private const string DateFormat = "yyyy-MM-dd";
    private const string SecondsFormat = "yyyy-MM-ddTHH:mm:ssZ";
    private const string MillisecondsFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    private InstantRange? _range;

    /// <summary>Unix milliseconds by row; a null row holds 0.</summary>
    public ReadOnlySpan<long> Values => unixMilliseconds;

    public long this[int row] => unixMilliseconds[row];

    public bool DateOnly => dateOnly;

    protected override int CountDistinct() => DistinctCounter.Count(unixMilliseconds, Nulls);

    protected override bool FindRepeat() => DistinctCounter.HasRepeat(unixMilliseconds, Nulls);

    /// <summary>
    /// The earliest and latest instant (null when every row is null), worked out once: the column never changes, and
    /// time buckets are numbered from it (<c>Query/Aggregation/GroupKeys</c>).
    /// </summary>
    public (long Min, long Max)? Range => (_range ??= InstantRange.Of(unixMilliseconds, Nulls)) is { Empty: false } range ? (range.Min, range.Max) : null;

    protected override long[] BuildOrderKeys() => unixMilliseconds;

    protected override long ValueBytes => 8L * unixMilliseconds.Length;

    protected override bool OrderKeysAreValues => true;

    public static DateTime ToDateTime(long unixMilliseconds) => DateTime.UnixEpoch.AddMilliseconds(unixMilliseconds);

    /// <summary>The longest text <see cref="FormatUtf8"/> writes (a millisecond instant is 24 bytes).</summary>
    public const int MaxFormattedLength = 32;

    protected override void WriteValue(Utf8JsonWriter writer, int row)
    {
        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        var written = Format(unixMilliseconds[row], buffer);
        writer.WriteStringValue(buffer[..written]);
    }

    /// <summary>A non-null value as the UTF-8 text JSON responses carry, into <paramref name="destination"/> (<see cref="MaxFormattedLength"/> bytes); returns its length.</summary>
    public int FormatUtf8(int row, Span<byte> destination) => Format(unixMilliseconds[row], destination);

    protected override string FormatValue(int row)
    {
        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        var written = Format(unixMilliseconds[row], buffer);
        return Utf8ToString(buffer[..written]);
    }

    private int Format(long value, Span<byte> destination)
    {
        var time = ToDateTime(value);
        var format = dateOnly ? DateFormat : value % 1000 == 0 ? SecondsFormat : MillisecondsFormat;
        time.TryFormat(destination, out var written, format, CultureInfo.InvariantCulture);
        return written;
    }
}

/// <summary>A timestamp column's extent; a class so that publishing it to other threads is one reference write.</summary>
internal sealed record InstantRange(long Min, long Max, bool Empty)
{
    public static InstantRange Of(ReadOnlySpan<long> values, NullMask nulls)
    {
        long min = long.MaxValue, max = long.MinValue;
        for (var row = 0; row < values.Length; row++)
        {
            if (!nulls.IsNull(row))
            {
                min = Math.Min(min, values[row]);
                max = Math.Max(max, values[row]);
            }
        }
        return new InstantRange(min, max, min > max);
    }
}
