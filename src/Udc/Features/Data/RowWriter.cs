using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Features.Data;

/// <summary>Writes a row as a JSON object straight from the columns.</summary>
internal static class RowWriter
{
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<Column> fields, int row)
    {
        writer.WriteStartObject();
        for (var i = 0; i < fields.Count; i++)
        {
            var column = fields[i];
            writer.WritePropertyName(column.EncodedName);
            column.WriteJson(writer, row);
        }
        writer.WriteEndObject();
    }
}
