using System.Text.Json;
using Udc.Engine.Describe;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>The seed's <c>{data, metadata}</c> body for one page of a query.</summary>
internal static class PageResponse
{
    public static void Write(Utf8JsonWriter writer, QueryResult result, DateTimeOffset now) =>
        Write(writer, result, 0, result.Rows.Length, now, RowWriter.Unbounded, extraMetadata: null);

    /// <summary>Writes <paramref name="count"/> rows of the page from <paramref name="skip"/>.</summary>
    /// <param name="skip">Rows at the start of the page left out: a token budget can split a page, and a cursor returns the rest.</param>
    /// <param name="maxTextBytes">The longest text value written whole (see <see cref="RowWriter"/>).</param>
    /// <param name="extraMetadata">Fields a surface adds to the metadata (a tool's <c>truncated</c> and <c>next_cursor</c>).</param>
    public static void Write(Utf8JsonWriter writer, QueryResult result, int skip, int count, DateTimeOffset now, int maxTextBytes, Action<Utf8JsonWriter>? extraMetadata)
    {
        var spec = result.Spec;
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        foreach (var row in result.Rows.Slice(skip, count))
        {
            RowWriter.Write(writer, spec.Fields, row, maxTextBytes);
        }
        writer.WriteEndArray();

        writer.WriteStartObject("metadata"u8);
        writer.WriteNumber("total_results"u8, result.Total);
        writer.WriteNumber("returned_results"u8, count);
        writer.WriteNumber("page"u8, spec.Page);
        writer.WriteNumber("page_size"u8, spec.PageSize);
        writer.WriteNumber("total_pages"u8, result.TotalPages);
        writer.WriteBoolean("has_next"u8, result.HasNext);
        MetadataWriter.WriteFreshness(writer, result.Snapshot, now);
        writer.WriteString("voice_context"u8, VoiceContext.ForRows(result, skip, count));
        MetadataWriter.WriteQueryEcho(writer, result.Snapshot, spec);
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
