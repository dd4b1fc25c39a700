using System.Globalization;
using System.Text.Json;

namespace Udc.Engine.Columns;

internal sealed class Int64Column(string name, long[] values, NullMask nulls)
    : Column(name, ColumnType.Int64, values.Length, nulls)
{
    /// <summary>Values by row; a null row holds 0.</summary>
    public ReadOnlySpan<long> Values => values;

    public long this[int row] => values[row];

    protected override int CountDistinct() => DistinctCounter.Count(values, Nulls);

    protected override bool FindRepeat() => DistinctCounter.HasRepeat(values, Nulls);

    protected override long[] BuildOrderKeys() => values;

    protected override long ValueBytes => 8L * values.Length;

    protected override bool OrderKeysAreValues => true;

    protected override void WriteValue(Utf8JsonWriter writer, int row) => writer.WriteNumberValue(values[row]);

    protected override string FormatValue(int row) => values[row].ToString(CultureInfo.InvariantCulture);
}
