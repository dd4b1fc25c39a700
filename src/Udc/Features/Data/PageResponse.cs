using System.Text.Json;
using Udc.Engine.Describe;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>The seed's <c>{data, metadata}</c> body for one page of a query.</summary>
internal static class PageResponse
{
    public static void Write(Utf8JsonWriter writer, QueryResult result, DateTimeOffset now) =>
        Write(writer, result, 0, result.Rows.Length, now, ResultBudget.None, extraMetadata: null);

    /// <summary>
    /// With a limited budget (the assistant's tool results), rows stop once the budget is spent, and the
    /// metadata says so with <c>truncated</c> and <c>rows_omitted</c>.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, QueryResult result, DateTimeOffset now, ResultBudget budget) =>
        Write(writer, result, 0, result.Rows.Length, now, budget, extraMetadata: null);

    /// <summary>Writes <paramref name="count"/> rows of the page from <paramref name="skip"/>.</summary>
    /// <param name="skip">Rows at the start of the page left out: a token budget can split a page, and a cursor returns the rest.</param>
    /// <param name="extraMetadata">Fields a transport adds to the metadata (MCP's <c>truncated</c> and <c>next_cursor</c>).</param>
    public static void Write(Utf8JsonWriter writer, QueryResult result, int skip, int count, DateTimeOffset now, Action<Utf8JsonWriter>? extraMetadata) =>
        Write(writer, result, skip, count, now, ResultBudget.None, extraMetadata);

    private static void Write(Utf8JsonWriter writer, QueryResult result, int skip, int count, DateTimeOffset now, ResultBudget budget, Action<Utf8JsonWriter>? extraMetadata)
    {
        var spec = result.Spec;
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        var start = writer.BytesCommitted + writer.BytesPending;
        var written = 0;
        foreach (var row in result.Rows.Slice(skip, count))
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
            writer.WriteBoolean("truncated"u8, written < count);
            writer.WriteNumber("rows_omitted"u8, count - written);
        }
        MetadataWriter.WriteFreshness(writer, result.Snapshot, now);
        writer.WriteString("voice_context"u8, VoiceContext.ForRows(result, skip, count));
        MetadataWriter.WriteQueryEcho(writer, result.Snapshot, spec);
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
