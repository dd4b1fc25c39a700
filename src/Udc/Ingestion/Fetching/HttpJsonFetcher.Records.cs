using System.Text;
using System.Text.Json;
using Udc.Ingestion.Connectors;

namespace Udc.Ingestion.Fetching;

/// <summary>Reading one page's body into records.</summary>
internal static partial class HttpJsonFetcher
{
    /// <returns>How many records the page held (rejected ones included) and the next cursor, if the body has one.</returns>
    private static (int Count, string? Cursor) ReadRecords(byte[] body, ConnectorDefinition connector, int pageNumber, FetchedPage page, ref string? highWater)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, s_options);
        }
        catch (JsonException e)
        {
            throw new FetchException($"page {pageNumber}: the body is not JSON ({e.Message})");
        }
        using (document)
        {
            if (!JsonPointer.TryResolve(document.RootElement, connector.RecordsPointer, out var records) || records.ValueKind != JsonValueKind.Array)
            {
                throw new FetchException($"page {pageNumber}: no array of records at '{connector.RecordsPointer}'");
            }
            var count = 0;
            foreach (var record in records.EnumerateArray())
            {
                count++;
                var raw = record.GetRawText();
                if (RecordCheck.Check(record, connector, out var id) is { } reason)
                {
                    page.Rejected.Add(new RejectedRecord(id.Length == 0 ? null : id, reason, raw));
                    continue;
                }
                page.Records.Add(new FetchedRecord(id, raw, Encoding.UTF8.GetBytes(raw)));
                if (connector.Incremental is { } incremental)
                {
                    highWater = RecordCheck.Max(highWater, RecordCheck.Scalar(record, incremental.Field));
                }
            }
            string? cursor = null;
            if (connector.Pagination.NextPointer is { } pointer && JsonPointer.TryResolve(document.RootElement, pointer, out var next))
            {
                cursor = next.ValueKind switch
                {
                    JsonValueKind.String => next.GetString(),
                    JsonValueKind.Number => next.GetRawText(),
                    _ => null,
                };
            }
            return (count, cursor);
        }
    }
}
