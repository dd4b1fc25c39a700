using System.Buffers;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Describe;
using Udc.Features.Sources;

namespace Udc.Mcp.Tools;

/// <summary><c>list_sources</c>: every source the caller may read, with its size, id and time columns, freshness and status, as <c>/sources</c> returns them.</summary>
internal static class ListSourcesTool
{
    public static readonly string[] Arguments = [McpNames.Cursor, McpNames.MaxTokens];

    public static CallToolResult Run(SourceCatalog catalog, ClientIdentity? caller, DateTimeOffset now, IDictionary<string, JsonElement>? values)
    {
        var args = new ToolArguments(values, Arguments);
        var budget = args.Integer(McpNames.MaxTokens, TokenBudget.MinTokens, TokenBudget.MaxTokens) ?? TokenBudget.DefaultTokens;
        var cursor = QueryArguments.ReadCursor(args, McpNames.ListSources, null, []);
        if (args.Issues.Count > 0)
        {
            return ToolResults.Invalid(McpNames.ListSources, args.Issues);
        }
        var states = ToolSources.Readable(catalog, caller).ToList();
        var skip = Math.Min(cursor?.Skip ?? 0, states.Count);
        // The oldest data sets the freshness of the whole list: "2 hours ago" means nothing here is older.
        var oldest = states.Select(s => s.Snapshot?.FileModifiedAt).Where(t => t is not null).DefaultIfEmpty(now).Min()!.Value;
        var age = now - oldest < TimeSpan.Zero ? TimeSpan.Zero : now - oldest;
        var buffer = new ArrayBufferWriter<byte>(2048);
        TokenBudget.Fit(buffer, states.Count - skip, budget, (writer, count) =>
            SourceWriter.WriteList(writer, states, skip, count, now, metadata =>
            {
                metadata.WriteString("data_freshness"u8, Freshness.Describe(age));
                metadata.WriteString("staleness_indicator"u8, Freshness.Staleness(age));
                metadata.WriteBoolean(McpNames.Truncated, skip + count < states.Count);
                if (skip + count < states.Count)
                {
                    metadata.WriteString(McpNames.NextCursor, new ToolCursor(McpNames.ListSources, null, [], 0, skip + count).Encode());
                }
            }));
        return ToolResults.Success(buffer);
    }
}
