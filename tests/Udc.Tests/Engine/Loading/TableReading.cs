using System.Buffers;
using System.Text;
using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Tests.Engine.Loading;

/// <summary>Shortcuts for the loading tests: read a table from literal text and look at its values.</summary>
internal static class TableReading
{
    public static Table Json(string json, string fileName = "test.json") => JsonTableReader.Read(Encoding.UTF8.GetBytes(json), fileName);

    public static Table Csv(string csv, string fileName = "test.csv") => CsvTableReader.Read(Encoding.UTF8.GetBytes(csv), fileName);

    public static Column Column(this Table table, string name) =>
        table.Find(name) ?? throw new Xunit.Sdk.XunitException($"no column '{name}'; columns: {string.Join(", ", table.Columns.Select(c => c.Name))}");

    /// <summary>The column's values as <see cref="Column.FormatText"/> gives them, null for null.</summary>
    public static List<string?> Texts(this Column column) => [.. Enumerable.Range(0, column.RowCount).Select(column.FormatText)];

    /// <summary>A row's value exactly as a response would carry it.</summary>
    public static string ValueJson(this Column column, int row)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            column.WriteJson(writer, row);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes every row of every column as one JSON array of objects, the way a page of results is written.</summary>
    public static byte[] AllRowsJson(this Table table)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            writer.WriteStartArray();
            for (var row = 0; row < table.RowCount; row++)
            {
                writer.WriteStartObject();
                foreach (var column in table.Columns)
                {
                    writer.WritePropertyName(column.EncodedName);
                    column.WriteJson(writer, row);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
