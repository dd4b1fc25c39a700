using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using ModelContextProtocol.Protocol;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Features.Data;
using Udc.Hosting;

namespace Udc.Mcp.Tools;

/// <summary>
/// <c>get_record</c>: one record by its id column, as <c>/data/{source}/{id}</c> returns it. A record too large
/// for the budget comes back with its first fields and a cursor that returns the others.
/// </summary>
internal static class GetRecordTool
{
    private static readonly string[] s_query = [McpNames.Id, QueryParameters.Fields];

    public static readonly string[] Arguments = [McpNames.Source, .. s_query, McpNames.Cursor, McpNames.MaxTokens];

    public static CallToolResult Run(SourceCatalog catalog, ClientIdentity? caller, DateTimeOffset now, IDictionary<string, JsonElement>? values)
    {
        var args = new ToolArguments(values, Arguments);
        var source = args.String(McpNames.Source, required: true);
        var budget = args.Integer(McpNames.MaxTokens, TokenBudget.MinTokens, TokenBudget.MaxTokens) ?? TokenBudget.DefaultTokens;
        var cursor = QueryArguments.ReadCursor(args, McpNames.GetRecord, source, s_query);
        var parameters = cursor?.Parameters ?? ReadQuery(args);
        if (args.Issues.Count > 0)
        {
            return ToolResults.Invalid(McpNames.GetRecord, args.Issues);
        }
        if (!ToolSources.TryResolve(catalog, caller, source!, out var snapshot, out var error))
        {
            return error;
        }
        if (snapshot.IdColumn is not { } idColumn)
        {
            return ToolResults.Invalid(McpNames.GetRecord, [ToolArguments.Issue(McpNames.Id, $"source '{snapshot.Name}' has no id column; find records with query_data and filters instead")]);
        }
        var id = Parameter(parameters, McpNames.Id);
        var fields = ResolveFields(snapshot, Parameter(parameters, QueryParameters.Fields), out var fieldIssues);
        if (id is null || fields is null)
        {
            return ToolResults.Invalid(McpNames.GetRecord, id is null ? [ToolArguments.Issue(McpNames.Id, "id is required", "missing")] : fieldIssues);
        }
        var row = RecordLookup.Find(snapshot, id, out var issues);
        if (issues.Count > 0)
        {
            return ToolResults.Invalid(McpNames.GetRecord, [.. issues.Select(i => i with { Loc = [McpNames.Arguments, McpNames.Id] })]);
        }
        if (row < 0)
        {
            return ToolResults.Error(ErrorCodes.RecordNotFound, $"No {snapshot.Noun.Singular} with {idColumn.Name} {id} in source '{snapshot.Name}'.{IdRange(snapshot, idColumn)} Use query_data with filters to search.",
                [ToolArguments.Issue(McpNames.Id, $"no record with {idColumn.Name} {id}", "not_found")]);
        }

        var buffer = new ArrayBufferWriter<byte>(2048);
        TokenBudget.Fit(buffer, fields.Count, budget, (writer, count) =>
            RecordResponse.Write(writer, snapshot, fields.Take(count).ToList(), row, now, metadata =>
            {
                metadata.WriteBoolean(McpNames.Truncated, count < fields.Count);
                if (count < fields.Count)
                {
                    var rest = string.Join(',', fields.Skip(count).Select(c => c.Name));
                    var next = new ToolCursor(McpNames.GetRecord, snapshot.Name, [new(McpNames.Id, id), new(QueryParameters.Fields, rest)], 0, 0);
                    metadata.WriteString(McpNames.NextCursor, next.Encode());
                }
            }));
        return ToolResults.Success(buffer);
    }

    private static List<KeyValuePair<string, StringValues>> ReadQuery(ToolArguments args)
    {
        var parameters = new List<KeyValuePair<string, StringValues>>();
        if (args.Scalar(McpNames.Id) is { } id)
        {
            parameters.Add(new(McpNames.Id, id));
        }
        if (args.List(QueryParameters.Fields) is { } fields)
        {
            parameters.Add(new(QueryParameters.Fields, fields));
        }
        return parameters;
    }

    private static string? Parameter(IReadOnlyList<KeyValuePair<string, StringValues>> parameters, string name) =>
        parameters.FirstOrDefault(p => p.Key == name).Value.ToString() is { Length: > 0 } text ? text : null;

    private static List<Column>? ResolveFields(SourceSnapshot snapshot, string? text, out List<ValidationIssue> issues)
    {
        issues = [];
        if (text is null)
        {
            return [.. snapshot.Table.Columns];
        }
        var fields = new List<Column>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (snapshot.Table.Find(name) is { } column)
            {
                fields.Add(column);
            }
            else
            {
                issues.Add(ToolArguments.Issue(QueryParameters.Fields, $"unknown column '{name}' in source '{snapshot.Name}'; columns: {string.Join(", ", snapshot.Table.Columns.Select(c => c.Name))}"));
            }
        }
        if (fields.Count == 0 && issues.Count == 0)
        {
            issues.Add(ToolArguments.Issue(QueryParameters.Fields, "name at least one column"));
        }
        return issues.Count == 0 ? [.. fields.Distinct()] : null;
    }

    /// <summary>" ticket_id runs from 1 to 50." for an ordered id column, so the model knows what exists.</summary>
    private static string IdRange(SourceSnapshot snapshot, Column idColumn) =>
        snapshot.Profile.Columns.FirstOrDefault(p => p.Column == idColumn) is { Min: { } min, Max: { } max }
            ? $" {idColumn.Name} runs from {min} to {max}."
            : "";
}
