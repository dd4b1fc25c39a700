using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Features.Data;

/// <summary>Writes a row as a JSON object straight from the columns.</summary>
internal static class RowWriter
{
    /// <summary>No bound on text: what <c>/data</c> and exports write.</summary>
    public const int Unbounded = int.MaxValue;

    /// <param name="maxTextBytes">A longer text value is cut at a character boundary and ends with "…" (model results); <see cref="Unbounded"/> writes it whole.</param>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<Column> fields, int row, int maxTextBytes = Unbounded)
    {
        writer.WriteStartObject();
        for (var i = 0; i < fields.Count; i++)
        {
            var column = fields[i];
            writer.WritePropertyName(column.EncodedName);
            WriteValue(writer, column, row, maxTextBytes);
        }
        writer.WriteEndObject();
    }

    /// <summary>One value of a column, its text cut to <paramref name="maxTextBytes"/>.</summary>
    public static void WriteValue(Utf8JsonWriter writer, Column column, int row, int maxTextBytes)
    {
        if (maxTextBytes != Unbounded && column is StringColumn strings && !column.IsNull(row) && strings.GetUtf8(row) is { } utf8 && utf8.Length > maxTextBytes)
        {
            WriteClipped(writer, utf8, maxTextBytes);
        }
        else
        {
            column.WriteJson(writer, row);
        }
    }

    private static void WriteClipped(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8, int maxBytes)
    {
        var cut = maxBytes;
        // Never split a character: back up over UTF-8 continuation bytes (10xxxxxx).
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80)
        {
            cut--;
        }
        var ellipsis = "…"u8;
        var buffer = ArrayPool<byte>.Shared.Rent(cut + ellipsis.Length);
        utf8[..cut].CopyTo(buffer);
        ellipsis.CopyTo(buffer.AsSpan(cut));
        writer.WriteStringValue(buffer.AsSpan(0, cut + ellipsis.Length));
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
