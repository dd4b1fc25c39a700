using System.Globalization;
using System.Text.Json;

namespace Udc.Engine.Columns;

internal sealed class DoubleColumn(string name, double[] values, NullMask nulls)
    : Column(name, ColumnType.Double, values.Length, nulls)
{
    /// <summary>Values by row; a null row holds 0.</summary>
    public ReadOnlySpan<double> Values => values;

    public double this[int row] => values[row];

    protected override int CountDistinct() => DistinctCounter.Count(BuildOrderKeys(), Nulls);

    protected override long ValueBytes => 8L * values.Length;

    protected override long[] BuildOrderKeys()
    {
        var keys = new long[values.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = OrderKey(values[i]);
        }
        return keys;
    }

    /// <summary>
    /// Maps a double to a long with the same order: positive doubles keep their bits, negative ones have the
    /// magnitude bits flipped so that larger magnitudes sort lower.
    /// </summary>
    public static long OrderKey(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value == 0 ? 0d : value);
        return bits >= 0 ? bits : bits ^ long.MaxValue;
    }

    protected override void WriteValue(Utf8JsonWriter writer, int row) => writer.WriteNumberValue(values[row]);

    protected override string FormatValue(int row) => values[row].ToString("R", CultureInfo.InvariantCulture);
}
