using System.Text.Json;

namespace Udc.Engine.Columns;

internal sealed class BooleanColumn(string name, bool[] values, NullMask nulls)
    : Column(name, ColumnType.Boolean, values.Length, nulls)
{
    /// <summary>Values by row; a null row holds false.</summary>
    public ReadOnlySpan<bool> Values => values;

    public bool this[int row] => values[row];

    protected override int CountDistinct() => DistinctCounter.Count(BuildOrderKeys(), Nulls);

    protected override long ValueBytes => values.Length;

    protected override long[] BuildOrderKeys()
    {
        var keys = new long[values.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = values[i] ? 1 : 0;
        }
        return keys;
    }

    protected override void WriteValue(Utf8JsonWriter writer, int row) => writer.WriteBooleanValue(values[row]);

    protected override string FormatValue(int row) => values[row] ? "true" : "false";
}
