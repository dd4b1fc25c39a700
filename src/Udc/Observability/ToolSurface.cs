namespace Udc.Observability;

/// <summary>Who asked for a tool call: the assistant's fast path, a model in the assistant's tool loop, or an MCP client.</summary>
internal static class ToolSurface
{
    public const string FastPath = "fast_path";
    public const string Model = "model";
    public const string Mcp = "mcp";
}
