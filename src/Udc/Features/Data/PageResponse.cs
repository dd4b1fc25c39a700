using System.Text.Json;
using Udc.Engine.Describe;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>The seed's <c>{data, metadata}</c> body for one page of a query.</summary>
internal static class PageResponse
{
    public static void Write(Utf8JsonWriter writer, QueryResult result, DateTimeOffset now) => Write(writer, result, now, ResultBudget.None);

    /// <summary>
    /// With a limited budget, rows stop once the budget is spent, and the metadata says so with
    /// <c>truncated</c> and <c>rows_omitted</c>; <c>voice_context</c> still describes the whole page.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, QueryResult result, DateTimeOffset now, ResultBudget budget)
    {
        var spec = result.Spec;
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        var start = writer.BytesCommitted + writer.BytesPending;
        var written = 0;
        foreach (var row in result.Rows)
        {
            if (writer.BytesCommitted + writer.BytesPending - start >= budget.MaxDataBytes)
            {
                break;
            }
            RowWriter.Write(writer, spec.Fields, row, budget.MaxStringBytes);
            written++;
        }
        writer.WriteEndArray();

        writer.WriteStartObject("metadata"u8);
        writer.WriteNumber("total_results"u8, result.Total);
        writer.WriteNumber("returned_results"u8, written);
        writer.WriteNumber("page"u8, spec.Page);
        writer.WriteNumber("page_size"u8, spec.PageSize);
        writer.WriteNumber("total_pages"u8, result.TotalPages);
        writer.WriteBoolean("has_next"u8, result.HasNext);
        if (budget.IsLimited)
        {
            writer.WriteBoolean("truncated"u8, written < result.Rows.Length);
            writer.WriteNumber("rows_omitted"u8, result.Rows.Length - written);
        }
        MetadataWriter.WriteFreshness(writer, result.Snapshot, now);
        writer.WriteString("voice_context"u8, VoiceContext.ForPage(result));
        MetadataWriter.WriteQueryEcho(writer, result.Snapshot, spec);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
