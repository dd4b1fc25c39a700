using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Describe;

namespace Udc.Features.Data;

/// <summary>One record by id: <c>{data: {...}, metadata: {...}}</c> with the record's key facts as voice context.</summary>
internal static class RecordResponse
{
    public static void Write(Utf8JsonWriter writer, SourceSnapshot snapshot, IReadOnlyList<Column> fields, int row, DateTimeOffset now) =>
        Write(writer, snapshot, fields, row, now, RowWriter.Unbounded, extraMetadata: null);

    /// <param name="fields">The columns to write: all of them, the projection asked for, or fewer to fit a token budget.</param>
    /// <param name="maxTextBytes">The longest text value written whole (see <see cref="RowWriter"/>).</param>
    /// <param name="extraMetadata">Fields a surface adds to the metadata (a tool's <c>truncated</c> and <c>next_cursor</c>).</param>
    public static void Write(Utf8JsonWriter writer, SourceSnapshot snapshot, IReadOnlyList<Column> fields, int row, DateTimeOffset now, int maxTextBytes, Action<Utf8JsonWriter>? extraMetadata)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("data"u8);
        RowWriter.Write(writer, fields, row, maxTextBytes);
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("source"u8, snapshot.Name);
        writer.WriteString("id_column"u8, snapshot.IdColumn?.Name);
        MetadataWriter.WriteFreshness(writer, snapshot, now);
        writer.WriteString("voice_context"u8, VoiceContext.RecordFacts(snapshot, row));
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
