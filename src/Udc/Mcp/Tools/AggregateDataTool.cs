using System.Buffers;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Data;

namespace Udc.Mcp.Tools;

/// <summary>
/// <c>aggregate_data</c>: grouped counts and metrics, as <c>/data/{source}/aggregate</c> returns them, largest
/// group first. The cursor continues after the last group returned, whether the budget or the limit stopped it.
/// </summary>
internal static class AggregateDataTool
{
    public static readonly string[] Arguments = [McpNames.Source, .. QueryArguments.Aggregate, McpNames.Cursor, McpNames.MaxTokens];

    public static CallToolResult Run(SourceCatalog catalog, ClientIdentity? caller, DateTimeOffset now, IDictionary<string, JsonElement>? values)
    {
        var args = new ToolArguments(values, Arguments);
        var source = args.String(McpNames.Source, required: true);
        var budget = args.Integer(McpNames.MaxTokens, TokenBudget.MinTokens, TokenBudget.MaxTokens) ?? TokenBudget.DefaultTokens;
        var cursor = QueryArguments.ReadCursor(args, McpNames.AggregateData, source, QueryArguments.Aggregate);
        var parameters = cursor is null ? QueryArguments.Read(args, QueryArguments.Aggregate) : [.. cursor.Parameters];
        if (args.Issues.Count > 0)
        {
            return ToolResults.Invalid(McpNames.AggregateData, args.Issues);
        }
        if (!ToolSources.TryResolve(catalog, caller, source!, out var snapshot, out var error))
        {
            return error;
        }
        var unknown = QueryArguments.TakeUnknownFilters(snapshot, parameters);
        var parsed = QueryParser.Parse(snapshot, parameters, AggregateSpec.Parameters, splitValues: false);
        var (aggregate, aggregateIssues) = AggregateParser.Parse(snapshot, parameters);
        if (parsed.Spec is not { } spec || aggregate is null || unknown.Count > 0)
        {
            return ToolResults.Invalid(McpNames.AggregateData, [.. unknown, .. parsed.Issues.Concat(aggregateIssues).Select(ToolArguments.FromQuery)]);
        }

        // Groups before the cursor are computed again and skipped: grouping is one pass over the matches, and
        // keeping state between calls would tie a cursor to one server process.
        var skip = cursor?.Skip ?? 0;
        var result = Aggregator.Run(snapshot, spec, aggregate with { Limit = skip + aggregate.Limit });
        skip = Math.Min(skip, result.Groups.Count);
        var buffer = new ArrayBufferWriter<byte>(4096);
        TokenBudget.Fit(buffer, result.Groups.Count - skip, budget, (writer, count) =>
            AggregateResponse.Write(writer, result, skip, count, now, metadata =>
            {
                if (skip + count < result.TotalGroups)
                {
                    metadata.WriteString(McpNames.NextCursor, new ToolCursor(McpNames.AggregateData, snapshot.Name, parameters, 0, skip + count).Encode());
                }
            }));
        return ToolResults.Success(buffer);
    }
}
