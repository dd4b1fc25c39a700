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
    public static JsonResponse Create(int statusCode, string code, string message, IReadOnlyList<ValidationIssue>? details = null, Action<Utf8JsonWriter>? writeMore = null) =>
        new(statusCode, writer => Write(writer, code, message, details ?? [], writeMore));

    public static JsonResponse Validation(IReadOnlyList<ValidationIssue> issues) =>
        Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.Validation, "Invalid request parameters", issues);

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
