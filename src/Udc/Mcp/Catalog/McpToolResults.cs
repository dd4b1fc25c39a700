using System.Text.Json;
using ModelContextProtocol.Protocol;
using Udc.Tools;

namespace Udc.Mcp.Catalog;

/// <summary>
/// A tool result as MCP carries it: the text a model reads (the JSON fenced as untrusted data) and, for a success,
/// the same JSON as structured content for clients that read it as data. An error is a result too
/// (<c>isError</c>), with a message that says how to fix the call: a model reads it and retries, where a protocol
/// error would just fail. It has no structured content, which clients check against the output schema of answers.
/// </summary>
internal static class McpToolResults
{
    public static CallToolResult From(ToolResult result)
    {
        var text = new TextContentBlock { Text = result.ForModel() };
        if (result.IsError)
        {
            return new CallToolResult { Content = [text], IsError = true };
        }
        // One parse straight into a standalone element: no document to clone and dispose.
        var reader = new Utf8JsonReader(result.Json);
        return new CallToolResult { Content = [text], StructuredContent = JsonElement.ParseValue(ref reader) };
    }
}
