using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using ModelContextProtocol.Protocol;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Features.Data;

namespace Udc.Mcp.Tools;

/// <summary>
/// <c>query_data</c>: a page of matching rows, as <c>/data/{source}</c> returns it, cut to the token budget.
/// The cursor continues inside the page when the budget cut it, then on the next page.
/// </summary>
internal static class QueryDataTool
{
    public static readonly string[] Arguments = [McpNames.Source, .. QueryArguments.Page, McpNames.Cursor, McpNames.MaxTokens];

    public static CallToolResult Run(SourceCatalog catalog, ClientIdentity? caller, DateTimeOffset now, IDictionary<string, JsonElement>? values)
    {
        var args = new ToolArguments(values, Arguments);
        var source = args.String(McpNames.Source, required: true);
        var budget = args.Integer(McpNames.MaxTokens, TokenBudget.MinTokens, TokenBudget.MaxTokens) ?? TokenBudget.DefaultTokens;
        var cursor = QueryArguments.ReadCursor(args, McpNames.QueryData, source, QueryArguments.Page);
        var parameters = cursor is null ? QueryArguments.Read(args, QueryArguments.Page) : [.. cursor.Parameters];
        if (args.Issues.Count > 0)
        {
            return ToolResults.Invalid(McpNames.QueryData, args.Issues);
        }
        if (!ToolSources.TryResolve(catalog, caller, source!, out var snapshot, out var error))
        {
            return error;
        }
        if (cursor is not null)
        {
            parameters.Add(new(QueryParameters.Page, new StringValues(cursor.Page.ToString(CultureInfo.InvariantCulture))));
        }
        var unknown = QueryArguments.TakeUnknownFilters(snapshot, parameters);
        var parsed = QueryParser.Parse(snapshot, parameters, splitValues: false);
        if (parsed.Spec is not { } spec || unknown.Count > 0)
        {
            return ToolResults.Invalid(McpNames.QueryData, [.. unknown, .. parsed.Issues.Select(ToolArguments.FromQuery)]);
        }

        using var result = QueryExecutor.Execute(snapshot, spec);
        var pageRows = result.Rows.Length;
        var skip = Math.Min(cursor?.Skip ?? 0, pageRows);
        var query = parameters.Where(p => p.Key != QueryParameters.Page).ToList();
        var buffer = new ArrayBufferWriter<byte>(4096);
        TokenBudget.Fit(buffer, pageRows - skip, budget, (writer, count) =>
            PageResponse.Write(writer, result, skip, count, now, metadata =>
            {
                var end = skip + count;
                metadata.WriteBoolean(McpNames.Truncated, end < pageRows);
                var next = end < pageRows ? (spec.Page, end) : result.HasNext ? (spec.Page + 1, 0) : ((int, int)?)null;
                if (next is var (page, rows))
                {
                    metadata.WriteString(McpNames.NextCursor, new ToolCursor(McpNames.QueryData, snapshot.Name, query, page, rows).Encode());
                }
            }));
        return ToolResults.Success(buffer);
    }
}
