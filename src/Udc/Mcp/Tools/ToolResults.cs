using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Hosting;

namespace Udc.Mcp.Tools;

/// <summary>
/// Tool results: structured content and the same JSON as text, so clients that read either see one answer.
/// Errors are results too (<c>isError</c>), in the error envelope of <c>/data</c>, with a message that says how
/// to fix the call: a model reads it and retries, where a protocol error would just fail.
/// </summary>
internal static class ToolResults
{
    public static CallToolResult Success(ArrayBufferWriter<byte> json)
    {
        using var document = JsonDocument.Parse(json.WrittenMemory);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = Encoding.UTF8.GetString(json.WrittenSpan) }],
            StructuredContent = document.RootElement.Clone(),
        };
    }

    /// <summary>
    /// No structured content: clients check it against the output schema, which describes answers, and an
    /// error is not one.
    /// </summary>
    public static CallToolResult Error(string code, string message, IReadOnlyList<ValidationIssue>? details = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            ApiError.Write(writer, code, message, details ?? []);
        }
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = Encoding.UTF8.GetString(buffer.WrittenSpan) }],
            IsError = true,
        };
    }

    /// <summary>One message listing every problem with where it is, so the model fixes all of them in one retry.</summary>
    public static CallToolResult Invalid(string tool, IReadOnlyList<ValidationIssue> issues) =>
        Error(ErrorCodes.Validation, $"Invalid arguments for {tool}: {string.Join("; ", issues.Select(i => $"{string.Join('.', i.Loc.Skip(1))}: {i.Msg}"))}.", issues);
}
