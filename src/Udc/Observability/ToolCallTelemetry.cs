using System.Diagnostics;
using System.Text.Json;

namespace Udc.Observability;

/// <summary>
/// The one entry point for observing a tool call, whichever surface made it. A call site wraps its execution:
/// <code>using var call = ToolCallTelemetry.Start(name, source, caller, surface); ... call.Complete(isError);</code>
/// The span follows the OpenTelemetry GenAI conventions for tool execution (<c>execute_tool {gen_ai.tool.name}</c>);
/// under MCP it is a child of the MCP SDK's own <c>tools/call</c> server span.
/// </summary>
internal static class ToolCallTelemetry
{
    public static ToolCallScope Start(string toolName, string? source, string? callerKeyId, string surface)
    {
        if (!UdcTelemetry.ToolCalls.Enabled && !UdcTelemetry.Source.HasListeners())
        {
            return ToolCallScope.Off;
        }
        var activity = UdcTelemetry.Source.StartActivity("execute_tool " + toolName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SemanticNames.GenAiOperation, "execute_tool");
            activity.SetTag(SemanticNames.GenAiToolName, toolName);
            activity.SetTag(SemanticNames.GenAiToolType, "function");
            activity.SetTag(SemanticNames.UdcSource, source);
            activity.SetTag(SemanticNames.UdcCallerKeyId, callerKeyId);
            activity.SetTag(SemanticNames.UdcToolSurface, surface);
        }
        return new ToolCallScope(activity, toolName, surface);
    }

    /// <summary>The <c>source</c> argument of a call, when it names one.</summary>
    public static string? SourceOf(JsonElement arguments) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String
            ? source.GetString()
            : null;

    public static string? SourceOf(IReadOnlyDictionary<string, JsonElement>? arguments) =>
        arguments is not null && arguments.TryGetValue("source", out var source) && source.ValueKind == JsonValueKind.String ? source.GetString() : null;
}
