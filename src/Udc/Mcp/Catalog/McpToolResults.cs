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
        using var document = JsonDocument.Parse(result.Json);
        return new CallToolResult { Content = [text], StructuredContent = document.RootElement.Clone() };
    }
}
