using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>
/// Every matching row as one JSON line, written progressively from the columns: the body is flushed every
/// <see cref="FlushThreshold"/> bytes, so memory stays flat whatever the row count.
/// </summary>
internal sealed class NdjsonResponse(QueryResult result) : IResult
{
    public const string ContentType = "application/x-ndjson";

    /// <summary>32 KiB keeps a flush per a few hundred rows: few syscalls, little buffered.</summary>
    private const int FlushThreshold = 32 * 1024;

    /// <summary>
    /// A deadline that passes before the first row is a 504; one that passes mid-stream ends it with a last line,
    /// <c>{"partial": true, ...}</c>, that says how many rows were written and how many were left out.
    /// </summary>
    public async Task ExecuteAsync(HttpContext context)
    {
        using var owned = result;
        Deadline.ThrowIfPassed();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = response.BodyWriter;
        using var writer = new Utf8JsonWriter(body, JsonOutput.WriterOptions);
        // Every row, or the row cap's worth for a database source: what this stream sends when it ends normally.
        var streamed = result.Rest is null ? result.Rows.Length : Math.Min(result.Total, result.Snapshot.Definition.Database?.RowCap ?? result.Total);
        var before = 0;
        using var parts = result.Parts().GetEnumerator();
        while (true)
        {
            try
            {
                if (!parts.MoveNext())
                {
                    return;
                }
            }
            catch (Engine.Database.DatabaseReadException)
            {
                // Rows already sent cannot become an error status: the last line says the stream ends short, and why.
                WritePartial(writer, body, before, streamed - before, "source_unavailable");
                await body.FlushAsync(context.RequestAborted);
                return;
            }
            var part = parts.Current;
            var fields = part.Spec.Fields;
            var index = 0;
            var rowCount = part.Rows.Length;
            while (index < rowCount)
            {
                index = WriteBatch(writer, body, fields, part, index);
                if (Deadline.Passed && (index < rowCount || part.Rest is not null))
                {
                    WritePartial(writer, body, before + index, streamed - before - index, "deadline");
                    await body.FlushAsync(context.RequestAborted);
                    return;
                }
                await body.FlushAsync(context.RequestAborted);
            }
            before += rowCount;
        }
    }

    private static void WritePartial(Utf8JsonWriter writer, System.IO.Pipelines.PipeWriter body, int written, int left, string reason)
    {
        Udc.Audit.ReadLedger.Current?.MarkPartial();
        writer.WriteStartObject();
        writer.WriteBoolean("partial"u8, true);
        writer.WriteString("reason"u8, reason);
        writer.WriteNumber("rows_written"u8, written);
        writer.WriteNumber("rows_left_out"u8, left);
        writer.WriteEndObject();
        writer.Flush();
        body.Write("\n"u8);
    }

    /// <summary>Writes rows from <paramref name="start"/> until the buffer is worth flushing; returns the next row.</summary>
    private static int WriteBatch(Utf8JsonWriter writer, System.IO.Pipelines.PipeWriter body, IReadOnlyList<Column> fields, QueryResult result, int start)
    {
        var rows = result.Rows;
        var index = start;
        var written = 0L;
        while (index < rows.Length && written < FlushThreshold)
        {
            RowWriter.Write(writer, fields, rows[index++]);
            writer.Flush();
            written += writer.BytesCommitted;
            body.Write("\n"u8);
            // Each line is its own JSON document: resetting the writer starts the next one without a comma.
            writer.Reset(body);
        }
        return index;
    }
}
