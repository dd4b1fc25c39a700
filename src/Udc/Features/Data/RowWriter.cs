using System.Buffers;
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

    /// <summary>As <see cref="Write(Utf8JsonWriter, IReadOnlyList{Column}, int)"/>, with long text values cut to <paramref name="maxStringBytes"/>.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<Column> fields, int row, int maxStringBytes)
    {
        if (maxStringBytes == int.MaxValue)
        {
            Write(writer, fields, row);
            return;
        }
        writer.WriteStartObject();
        for (var i = 0; i < fields.Count; i++)
        {
            var column = fields[i];
            writer.WritePropertyName(column.EncodedName);
            if (column is StringColumn strings && !column.IsNull(row) && strings.GetUtf8(row) is { } utf8 && utf8.Length > maxStringBytes)
            {
                WriteClipped(writer, utf8, maxStringBytes);
            }
            else
            {
                column.WriteJson(writer, row);
            }
        }
        writer.WriteEndObject();
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
