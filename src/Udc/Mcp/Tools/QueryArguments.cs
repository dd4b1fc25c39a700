using Microsoft.Extensions.Primitives;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Mcp.Tools;

/// <summary>The arguments that say what to match and how to present it, shared by <c>query_data</c> and <c>aggregate_data</c>.</summary>
internal static class QueryArguments
{
    /// <summary>What <c>query_data</c> takes besides source, cursor and budget; a cursor replaces all of them.</summary>
    public static readonly string[] Page =
        [McpNames.Filters, QueryParameters.Text, QueryParameters.StartDate, QueryParameters.EndDate, QueryParameters.Sort, QueryParameters.Fields, QueryParameters.Page, QueryParameters.PageSize];

    /// <summary>What <c>aggregate_data</c> takes besides source, cursor and budget.</summary>
    public static readonly string[] Aggregate =
        [McpNames.Filters, QueryParameters.Text, QueryParameters.StartDate, QueryParameters.EndDate, AggregateSpec.GroupByParameter, AggregateSpec.MetricsParameter, AggregateSpec.LimitParameter];

    /// <summary>The given arguments among <paramref name="names"/> as <c>/data</c> query parameters.</summary>
    public static List<KeyValuePair<string, StringValues>> Read(ToolArguments args, IReadOnlyList<string> names)
    {
        var parameters = new List<KeyValuePair<string, StringValues>>();
        foreach (var name in names)
        {
            var text = name switch
            {
                McpNames.Filters => Filters(args, parameters),
                QueryParameters.Sort or QueryParameters.Fields or AggregateSpec.GroupByParameter or AggregateSpec.MetricsParameter => args.List(name),
                QueryParameters.Text or QueryParameters.StartDate or QueryParameters.EndDate => args.String(name),
                _ => args.Scalar(name),
            };
            if (text is not null)
            {
                parameters.Add(new(name, new StringValues(text)));
            }
        }
        return parameters;
    }

    /// <summary>
    /// Reads the cursor argument. A cursor carries the whole query, so query arguments beside it are refused
    /// rather than silently ignored or merged: the model learns that the cursor alone continues the result.
    /// </summary>
    public static ToolCursor? ReadCursor(ToolArguments args, string tool, string? source, IReadOnlyList<string> queryArguments)
    {
        if (args.String(McpNames.Cursor) is not { } text)
        {
            return null;
        }
        var given = queryArguments.Where(args.Has).ToList();
        if (given.Count > 0)
        {
            args.Issues.Add(ToolArguments.Issue(McpNames.Cursor, $"a cursor already holds the query; give only source, cursor and max_tokens (drop {string.Join(", ", given)}), or drop the cursor to ask anew"));
            return null;
        }
        var cursor = ToolCursor.Decode(text);
        if (cursor is null || cursor.Tool != tool || source is not null && cursor.Source != source)
        {
            var forSource = source is null ? "" : $" for source '{source}'";
            args.Issues.Add(ToolArguments.Issue(McpNames.Cursor, $"this is not a {tool} cursor{forSource}; pass next_cursor unchanged from the previous {tool} result, or call without cursor to start over"));
            return null;
        }
        return cursor;
    }

    /// <summary>
    /// Takes out filters on columns the source does not have, with an issue naming its columns. The engine
    /// reports them too, but in query-string words (its list of parameters includes <c>stream</c>, which no
    /// tool takes); here the message speaks of the <c>filters</c> argument.
    /// </summary>
    public static List<ValidationIssue> TakeUnknownFilters(SourceSnapshot snapshot, List<KeyValuePair<string, StringValues>> parameters)
    {
        var issues = new List<ValidationIssue>();
        var table = snapshot.Table;
        parameters.RemoveAll(parameter =>
        {
            var key = parameter.Key;
            if (QueryParameters.All.Contains(key) || AggregateSpec.Parameters.Contains(key) || table.Find(key) is not null)
            {
                return false;
            }
            var cut = key.LastIndexOf(OperatorNames.Separator, StringComparison.Ordinal);
            if (cut > 0 && table.Find(key[..cut]) is not null)
            {
                return false;
            }
            var name = cut > 0 ? key[..cut] : key;
            issues.Add(new ValidationIssue([McpNames.Arguments, McpNames.Filters, key],
                $"unknown column '{name}' in source '{snapshot.Name}'; columns: {string.Join(", ", table.Columns.Select(c => c.Name))}", "extra_forbidden"));
            return true;
        });
        return issues;
    }

    private static string? Filters(ToolArguments args, List<KeyValuePair<string, StringValues>> parameters)
    {
        args.AddFilters(McpNames.Filters, parameters);
        return null;
    }
}
