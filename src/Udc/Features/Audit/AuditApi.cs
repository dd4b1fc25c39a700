using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Udc.Access;
using Udc.Audit;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Features.Export;
using Udc.Hosting;

namespace Udc.Features.Audit;

/// <summary>
/// <c>GET /audit</c>: who read what, newest first, for the admin, filtered by caller, surface, source, outcome and time;
/// <c>before</c> pages on. <c>GET /audit/export</c> streams every matching event as CSV or NDJSON.
/// </summary>
internal static class AuditApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1_000;

    /// <summary>An export is read in pages of this many events, so memory stays flat however long the trail.</summary>
    private const int ExportPage = 5_000;

    private static readonly string[] s_columns = ["event_id", "at", "caller", "surface", "action", "source", "filters", "rows", "charge", "outcome", "status", "partial", "duration_ms"];

    private static readonly string[] s_parameters = ["caller", "surface", "source", "outcome", "from", "to", "before", "limit"];

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/audit").WithAccess(AccessPolicy.Admin);
        audit.MapGet("", List);
        audit.MapGet("/export", ExportAsync);
        return app;
    }

    private static IResult List(HttpContext context, AuditTrail trail)
    {
        if (Read(context.Request.Query, [], out var issues) is not { } query)
        {
            return ApiError.Validation(issues);
        }
        trail.Flush();
        var events = trail.Store.Find(query);
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data"u8);
            foreach (var item in events)
            {
                Write(writer, item);
            }
            writer.WriteEndArray();
            writer.WriteStartObject("metadata"u8);
            writer.WriteNumber("returned_results"u8, events.Count);
            if (events.Count == query.Limit)
            {
                writer.WriteNumber("next_before"u8, events[^1].Id);
            }
            else
            {
                writer.WriteNull("next_before"u8);
            }
            writer.WriteNumber("retention_days"u8, trail.Settings.Retention.TotalDays);
            writer.WriteNumber("dropped_events"u8, trail.Dropped);
            writer.WriteNumber("unauthorized_not_recorded"u8, trail.UnauthorizedNotRecorded);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static async Task ExportAsync(HttpContext context, AuditTrail trail)
    {
        var format = context.Request.Query["format"].ToString() is { Length: > 0 } text ? text : "csv";
        if (Read(context.Request.Query, ["format"], out var issues) is not { } query || format is not ("csv" or "ndjson"))
        {
            if (format is not ("csv" or "ndjson"))
            {
                issues.Add(ValidationIssue.Query("format", "one of csv, ndjson", "enum"));
            }
            await ApiError.Validation(issues).ExecuteAsync(context);
            return;
        }
        trail.Flush();
        var response = context.Response;
        response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson";
        response.Headers.ContentDisposition = $"attachment; filename=\"audit.{format}\"";
        response.Headers.CacheControl = "no-store";
        var body = new ResponseBodyStream(response.BodyWriter, context.RequestAborted);
        // The export's own CSV writer: RFC 4180, and a filter that starts like a formula cannot run as one.
        var csv = format == "csv" ? CsvWriter.Create(body, CsvExport.Options, leaveOpen: true) : null;
        await using (csv)
        {
            if (csv is not null)
            {
                foreach (var name in s_columns)
                {
                    csv.WriteField(name);
                }
                csv.EndRecord();
            }
            var page = query with { Limit = ExportPage };
            while (true)
            {
                var events = trail.Store.Find(page);
                foreach (var item in events)
                {
                    if (csv is not null)
                    {
                        WriteCsv(csv, item);
                    }
                    else
                    {
                        body.Write(Ndjson(item));
                    }
                    await body.FlushIfFullAsync();
                }
                if (events.Count < ExportPage)
                {
                    break;
                }
                page = page with { Before = events[^1].Id };
            }
            csv?.Flush();
        }
        await body.FlushAsync();
    }

    private static AuditQuery? Read(IQueryCollection parameters, string[] extra, out List<ValidationIssue> issues)
    {
        issues = [.. parameters.Keys.Where(k => !s_parameters.Contains(k) && !extra.Contains(k))
            .Select(k => ValidationIssue.Query(k, $"unknown parameter; valid: {string.Join(", ", s_parameters.Concat(extra))}", "extra_forbidden"))];
        string? Text(string name) => parameters[name].ToString() is { Length: > 0 } value ? value : null;
        DateTimeOffset? Time(string name, List<ValidationIssue> found)
        {
            if (Text(name) is not { } value)
            {
                return null;
            }
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return time;
            }
            found.Add(ValidationIssue.Query(name, "an ISO 8601 date or time, such as 2030-01-01T00:00:00Z", "date_parsing"));
            return null;
        }
        long? Number(string name, long min, long max, List<ValidationIssue> found)
        {
            if (Text(name) is not { } value)
            {
                return null;
            }
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            {
                return number;
            }
            found.Add(ValidationIssue.Query(name, $"a whole number from {min} to {max}", "value_error"));
            return null;
        }
        var from = Time("from", issues);
        var to = Time("to", issues);
        var before = Number("before", 1, long.MaxValue, issues);
        var limit = Number("limit", 1, MaxLimit, issues);
        return issues.Count > 0 ? null : new AuditQuery(Text("caller"), Text("surface"), Text("source"), Text("outcome"), from, to, before, (int)(limit ?? DefaultLimit));
    }

    private static void Write(Utf8JsonWriter writer, AuditEvent item)
    {
        writer.WriteStartObject();
        writer.WriteNumber("event_id"u8, item.Id);
        writer.WriteString("at"u8, item.At.UtcDateTime);
        writer.WriteString("caller"u8, item.Caller);
        writer.WriteString("surface"u8, item.Surface);
        writer.WriteString("action"u8, item.Action);
        writer.WriteString("source"u8, item.Source);
        writer.WriteString("filters"u8, item.Filters);
        writer.WriteNumber("rows"u8, item.Rows);
        writer.WriteNumber("charge"u8, item.Charge);
        writer.WriteString("outcome"u8, item.Outcome);
        writer.WriteNumber("status"u8, item.Status);
        writer.WriteBoolean("partial"u8, item.Partial);
        writer.WriteNumber("duration_ms"u8, item.DurationMs);
        writer.WriteEndObject();
    }

    private static byte[] Ndjson(AuditEvent item)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            Write(writer, item);
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteCsv(CsvWriter csv, AuditEvent item)
    {
        csv.WriteField(item.Id, default);
        csv.WriteField(item.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        csv.WriteField(item.Caller);
        csv.WriteField(item.Surface);
        csv.WriteField(item.Action);
        csv.WriteField(item.Source);
        csv.WriteField(item.Filters);
        csv.WriteField(item.Rows, default);
        csv.WriteField(item.Charge, default);
        csv.WriteField(item.Outcome);
        csv.WriteField(item.Status, default);
        csv.WriteField(item.Partial);
        csv.WriteField(item.DurationMs, default);
        csv.EndRecord();
    }
}
