using System.Diagnostics.CodeAnalysis;
using ModelContextProtocol.Protocol;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Hosting;

namespace Udc.Mcp.Tools;

/// <summary>
/// Finds the source a tool call names, or the error result that says why not: outside the caller's API key
/// (checked first, so a restricted key learns nothing about other sources), unknown, or not loaded. Lists of
/// sources in errors name only those the caller may read.
/// </summary>
internal static class ToolSources
{
    /// <summary>A source the caller may read, loaded or not (describe_source reports a failed load).</summary>
    public static bool TryFind(SourceCatalog catalog, ClientIdentity? caller, string name, [NotNullWhen(true)] out SourceState? state, [NotNullWhen(false)] out CallToolResult? error)
    {
        state = null;
        if (caller?.CanRead(name) == false)
        {
            error = ToolResults.Error(ErrorCodes.SourceForbidden, SourceAccess.ForbiddenMessage(name), [SourceAccess.ForbiddenIssue([McpNames.Arguments, McpNames.Source])]);
            return false;
        }
        if (!catalog.TryGet(name, out state))
        {
            var known = string.Join(", ", Readable(catalog, caller).Select(s => s.Name));
            error = ToolResults.Error(ErrorCodes.UnknownSource, $"Unknown data source '{Clip(name)}'. Available sources: {known}. Call list_sources to see what each holds.",
                [new ValidationIssue([McpNames.Arguments, McpNames.Source], $"valid sources: {known}", "enum")]);
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>A loaded source the caller may read.</summary>
    public static bool TryResolve(SourceCatalog catalog, ClientIdentity? caller, string name, [NotNullWhen(true)] out SourceSnapshot? snapshot, [NotNullWhen(false)] out CallToolResult? error)
    {
        snapshot = null;
        if (!TryFind(catalog, caller, name, out var state, out error))
        {
            return false;
        }
        if (state.Snapshot is null)
        {
            var ready = string.Join(", ", Readable(catalog, caller).Where(s => s.IsReady).Select(s => s.Name).DefaultIfEmpty("none"));
            error = ToolResults.Error(ErrorCodes.SourceNotReady,
                $"Source '{name}' is not ready: {state.LastFailure?.Message ?? "it has not loaded yet"}. Ready sources: {ready}.");
            return false;
        }
        snapshot = state.Snapshot;
        return true;
    }

    /// <summary>The sources the caller may read, in catalog order.</summary>
    public static IEnumerable<SourceState> Readable(SourceCatalog catalog, ClientIdentity? caller) =>
        caller?.Sources is null ? catalog.Sources : catalog.Sources.Where(s => caller.CanRead(s.Name));

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
