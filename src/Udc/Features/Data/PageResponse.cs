using System.Text.Json;
using Udc.Engine.Describe;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>The seed's <c>{data, metadata}</c> body for one page of a query.</summary>
internal static class PageResponse
{
    public static void Write(Utf8JsonWriter writer, QueryResult result, DateTimeOffset now)
    {
        var spec = result.Spec;
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        foreach (var row in result.Rows)
        {
            RowWriter.Write(writer, spec.Fields, row);
        }
        writer.WriteEndArray();

        writer.WriteStartObject("metadata"u8);
        writer.WriteNumber("total_results"u8, result.Total);
        writer.WriteNumber("returned_results"u8, result.Rows.Length);
        writer.WriteNumber("page"u8, spec.Page);
        writer.WriteNumber("page_size"u8, spec.PageSize);
        writer.WriteNumber("total_pages"u8, result.TotalPages);
        writer.WriteBoolean("has_next"u8, result.HasNext);
        MetadataWriter.WriteFreshness(writer, result.Snapshot, now);
        writer.WriteString("voice_context"u8, VoiceContext.ForPage(result));
        MetadataWriter.WriteQueryEcho(writer, result.Snapshot, spec);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
