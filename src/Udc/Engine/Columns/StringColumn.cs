using System.Text.Json;

namespace Udc.Engine.Columns;

/// <summary>Text values, stored either dictionary-encoded (few distinct values) or as one UTF-8 blob.</summary>
internal abstract class StringColumn(string name, int rowCount, NullMask nulls)
    : Column(name, ColumnType.String, rowCount, nulls)
{
    /// <summary>The UTF-8 bytes of a row's value; empty for null.</summary>
    public abstract ReadOnlySpan<byte> GetUtf8(int row);

    protected override void WriteValue(Utf8JsonWriter writer, int row) => writer.WriteStringValue(GetUtf8(row));

    protected override string FormatValue(int row) => Utf8ToString(GetUtf8(row));
}
