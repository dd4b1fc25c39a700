using System.Diagnostics.CodeAnalysis;
using ModelContextProtocol.Protocol;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Hosting;

namespace Udc.Mcp.Tools;

/// <summary>Finds the snapshot a tool call names, or the error result that lists the sources there are.</summary>
internal static class ToolSources
{
    public static bool TryResolve(SourceCatalog catalog, string name, [NotNullWhen(true)] out SourceSnapshot? snapshot, [NotNullWhen(false)] out CallToolResult? error)
    {
        snapshot = null;
        if (!catalog.TryGet(name, out var state))
        {
            error = UnknownSource(catalog, name);
            return false;
        }
        if (state.Snapshot is null)
        {
            error = ToolResults.Error(ErrorCodes.SourceNotReady,
                $"Source '{name}' is not ready: {state.LastFailure?.Message ?? "it has not loaded yet"}. Ready sources: {ReadyList(catalog)}.");
            return false;
        }
        snapshot = state.Snapshot;
        error = null;
        return true;
    }

    public static CallToolResult UnknownSource(SourceCatalog catalog, string name)
    {
        var known = string.Join(", ", catalog.Names);
        return ToolResults.Error(ErrorCodes.UnknownSource, $"Unknown data source '{Clip(name)}'. Available sources: {known}. Call list_sources to see what each holds.",
            [new ValidationIssue([McpNames.Arguments, McpNames.Source], $"valid sources: {known}", "enum")]);
    }

    private static string ReadyList(SourceCatalog catalog) =>
        string.Join(", ", catalog.Sources.Where(s => s.IsReady).Select(s => s.Name).DefaultIfEmpty("none"));

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
