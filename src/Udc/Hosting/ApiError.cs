using System.Text.Json;
using Udc.Engine.Query;

namespace Udc.Hosting;

/// <summary>
/// The one error envelope: <c>{"error": {"code", "message", "details"}}</c>, with <c>details</c> always a
/// list of <c>{loc, msg, type}</c> entries (empty when there is nothing to point at).
/// </summary>
internal static class ApiError
{
    public static JsonResponse Create(int statusCode, string code, string message, IReadOnlyList<ValidationIssue>? details = null) =>
        new(statusCode, writer => Write(writer, code, message, details ?? []));

    /// <summary>A read refused by the source resolver (unknown, forbidden, not ready), as the envelope with its status.</summary>
    public static JsonResponse From(Reading.ReadError error) => Create(error.Status, error.Code, error.Message, error.Details);

    public static JsonResponse Validation(IReadOnlyList<ValidationIssue> issues) =>
        Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.Validation, "Invalid request parameters", issues);

    public static void Write(Utf8JsonWriter writer, string code, string message, IReadOnlyList<ValidationIssue> details)
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
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
