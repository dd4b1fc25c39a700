using Microsoft.Extensions.Primitives;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>
/// Finds one record by id: the id is one value of the id column's type (never a comma list), so it is
/// validated like a filter. Shared by <c>/data/{source}/{id}</c> and the <c>get_record</c> tool.
/// </summary>
internal static class RecordLookup
{
    /// <returns>The row, or -1 when no record has that id; <paramref name="issues"/> is non-empty when the request is invalid.</returns>
    /// <param name="parameters">The query string: only <c>fields</c> is accepted.</param>
    /// <param name="fields">The columns to return.</param>
    public static int Find(SourceSnapshot snapshot, string id, IEnumerable<KeyValuePair<string, StringValues>> parameters, out IReadOnlyList<Column> fields, out IReadOnlyList<ValidationIssue> issues)
    {
        fields = snapshot.Table.Columns;
        if (snapshot.IdColumn is not { } idColumn)
        {
            issues = [new ValidationIssue(["path", "id"], $"source '{snapshot.Name}' has no id column; filter with query parameters instead", "value_error")];
            return -1;
        }
        var parsed = QueryParser.ParseLookup(snapshot, idColumn, id, parameters);
        if (parsed.Spec is not { } spec)
        {
            issues = [.. parsed.Issues.Select(i => i.Loc[^1] == QueryParser.LookupParameter ? i with { Loc = ["path", "id"] } : i)];
            return -1;
        }
        issues = [];
        fields = spec.Fields;
        using var result = QueryExecutor.Execute(snapshot, spec);
        return result.Rows.IsEmpty ? -1 : result.Rows[0];
    }

    public static int Find(SourceSnapshot snapshot, string id, out IReadOnlyList<ValidationIssue> issues) => Find(snapshot, id, [], out _, out issues);

    public static string NotFoundMessage(SourceSnapshot snapshot, string id) =>
        $"No {snapshot.Noun.Singular} with {snapshot.IdColumn?.Name} {id} in source '{snapshot.Name}'.";
}
