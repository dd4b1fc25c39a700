using Microsoft.Extensions.Primitives;
using Udc.Engine.Catalog;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>
/// Finds one record by id, matched like <c>?{id_column}={id}</c> so the id is validated against the column's
/// type. Shared by <c>/data/{source}/{id}</c> and the <c>get_record</c> tool.
/// </summary>
internal static class RecordLookup
{
    /// <returns>The row, or -1 when no record has that id; <paramref name="issues"/> is non-empty when the id is invalid.</returns>
    public static int Find(SourceSnapshot snapshot, string id, out IReadOnlyList<ValidationIssue> issues)
    {
        if (snapshot.IdColumn is not { } idColumn)
        {
            issues = [new ValidationIssue(["path", "id"], $"source '{snapshot.Name}' has no id column; filter with query parameters instead", "value_error")];
            return -1;
        }
        var parsed = QueryParser.Parse(snapshot, [new(idColumn.Name, new StringValues(id)), new(QueryParameters.PageSize, new StringValues("1"))]);
        if (parsed.Spec is not { } spec)
        {
            issues = [.. parsed.Issues.Select(i => i with { Loc = ["path", "id"] })];
            return -1;
        }
        issues = [];
        using var result = QueryExecutor.Execute(snapshot, spec);
        return result.Rows.IsEmpty ? -1 : result.Rows[0];
    }

    public static string NotFoundMessage(SourceSnapshot snapshot, string id) =>
        $"No {snapshot.Noun.Singular} with {snapshot.IdColumn?.Name} {id} in source '{snapshot.Name}'.";
}
