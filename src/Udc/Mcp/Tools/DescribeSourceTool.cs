using System.Buffers;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Features.Data;
using Udc.Features.Sources;

namespace Udc.Mcp.Tools;

/// <summary>
/// <c>describe_source</c>: a source's columns with types, values, ranges and operators, as
/// <c>/sources/{source}</c> returns them. A wide source comes back with its first columns and a cursor.
/// </summary>
internal static class DescribeSourceTool
{
    public static readonly string[] Arguments = [McpNames.Source, McpNames.Cursor, McpNames.MaxTokens];

    public static CallToolResult Run(SourceCatalog catalog, ClientIdentity? caller, DateTimeOffset now, IDictionary<string, JsonElement>? values)
    {
        var args = new ToolArguments(values, Arguments);
        var source = args.String(McpNames.Source, required: true);
        var budget = args.Integer(McpNames.MaxTokens, TokenBudget.MinTokens, TokenBudget.MaxTokens) ?? TokenBudget.DefaultTokens;
        var cursor = QueryArguments.ReadCursor(args, McpNames.DescribeSource, source, []);
        if (args.Issues.Count > 0)
        {
            return ToolResults.Invalid(McpNames.DescribeSource, args.Issues);
        }
        // A source that failed to load is still described, with its error, as /sources does.
        if (!ToolSources.TryFind(catalog, caller, source!, out var state, out var error))
        {
            return error;
        }
        var columns = SourceWriter.ColumnsOf(state).Count;
        var skip = Math.Min(cursor?.Skip ?? 0, columns);
        var buffer = new ArrayBufferWriter<byte>(4096);
        TokenBudget.Fit(buffer, columns - skip, budget, (writer, count) =>
            SourceWriter.WriteDescription(writer, state, skip, count, now, metadata =>
            {
                if (state.Snapshot is { } snapshot)
                {
                    MetadataWriter.WriteFreshness(metadata, snapshot, now);
                }
                metadata.WriteNumber("total_columns"u8, columns);
                metadata.WriteNumber("returned_columns"u8, count);
                metadata.WriteBoolean(McpNames.Truncated, skip + count < columns);
                if (skip + count < columns)
                {
                    metadata.WriteString(McpNames.NextCursor, new ToolCursor(McpNames.DescribeSource, state.Name, [], 0, skip + count).Encode());
                }
            }));
        return ToolResults.Success(buffer);
    }
}
