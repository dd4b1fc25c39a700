using System.Diagnostics;
using System.Text.Json;
using Udc.Engine.Query;

namespace Udc.Hosting;

/// <summary>
/// The one error envelope: <c>{"error": {"code", "message", "details"}}</c>, with <c>details</c> always a
/// list of <c>{loc, msg, type}</c> entries (empty when there is nothing to point at).
/// </summary>
internal static class ApiError
{
    /// <param name="writeMore">Fields an error adds after <c>details</c> (a load's progress), inside the error object.</param>
    public static JsonResponse Create(int statusCode, string code, string message, IReadOnlyList<ValidationIssue>? details = null, Action<Utf8JsonWriter>? writeMore = null)
    {
        var trace = TraceOf(statusCode);
        return new(statusCode, writer => Write(writer, code, message, trace is null ? details ?? [] : [.. details ?? [], trace], writeMore));
    }

    /// <summary>A read refused by the source resolver (unknown, forbidden, not ready), as the envelope with its status.</summary>
    public static JsonResponse From(Reading.ReadError error) =>
        Create(error.Status, error.Code, error.Message, error.Details, error.WriteMore).WithRetryAfter(error.RetryAfterSeconds);

    public static JsonResponse Validation(IReadOnlyList<ValidationIssue> issues) =>
        Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.Validation, "Invalid request parameters", issues);

    /// <summary>
    /// The request's trace id as a last detail (<c>loc ["trace"]</c>, <c>type "trace_id"</c>), so a user's report leads
    /// to the trace and the log lines: on every error while the request is traced (sampled), and on a 500 always,
    /// since the failure's log line carries the same id.
    /// </summary>
    private static ValidationIssue? TraceOf(int statusCode) =>
        Activity.Current is { } activity && activity.TraceId != default && (activity.Recorded || statusCode == StatusCodes.Status500InternalServerError)
            ? new ValidationIssue(["trace"], activity.TraceId.ToHexString(), "trace_id")
            : null;

    public static void Write(Utf8JsonWriter writer, string code, string message, IReadOnlyList<ValidationIssue> details, Action<Utf8JsonWriter>? writeMore = null)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error"u8);
        writer.WriteString("code"u8, code);
        writer.WriteString("message"u8, message);
        writer.WriteStartArray("details"u8);
        foreach (var issue in details)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("loc"u8);
            foreach (var part in issue.Loc)
            {
                writer.WriteStringValue(part);
            }
            writer.WriteEndArray();
            writer.WriteString("msg"u8, issue.Msg);
            writer.WriteString("type"u8, issue.Type);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writeMore?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
