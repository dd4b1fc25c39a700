using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>
/// Finds one record by id: the id is one value of the id column's type (never a list), so it is validated like a
/// filter. Shared by <c>/data/{source}/{id}</c>, the <c>get_record</c> tool and the fast path.
/// </summary>
internal static class RecordLookup
{
    /// <returns>The row, or -1 when no record has that id; <paramref name="issues"/> is non-empty when the request is invalid.</returns>
    /// <param name="fieldNames">The columns to return; null for all.</param>
    /// <param name="idLocation">Where the caller wrote the id: <c>["path", "id"]</c>, <c>["arguments", "id"]</c>.</param>
    /// <param name="fields">The columns to return, resolved.</param>
    /// <param name="holder">The snapshot the row is in: <paramref name="snapshot"/>, or for a database source the rows it returned.</param>
    public static int Find(SourceSnapshot snapshot, string id, IReadOnlyList<string>? fieldNames, RequestOrigin origin, IReadOnlyList<string> idLocation,
        out IReadOnlyList<Column> fields, out IReadOnlyList<ValidationIssue> issues, out SourceSnapshot holder)
    {
        fields = snapshot.Table.Columns;
        holder = snapshot;
        if (snapshot.IdColumn is not { } idColumn)
        {
            issues = [new ValidationIssue(idLocation, $"source '{snapshot.Name}' has no id column; find its records with filters instead", "value_error")];
            return -1;
        }
        var parsed = QueryBinder.BindLookup(snapshot, idColumn, id, fieldNames, origin, idLocation);
        if (parsed.Spec is not { } spec)
        {
            issues = parsed.Issues;
            return -1;
        }
        issues = [];
        using var result = QueryExecutor.Execute(snapshot, spec);
        fields = result.Spec.Fields;
        holder = result.Snapshot;
        return result.Rows.IsEmpty ? -1 : result.Rows[0];
    }

    /// <summary>"No ticket with ticket_id 999 in source 'support'. ticket_id runs from 1 to 50." so a caller knows what exists.</summary>
    public static string NotFoundMessage(SourceSnapshot snapshot, string id)
    {
        var idColumn = snapshot.IdColumn;
        var range = snapshot.Profile.Columns.FirstOrDefault(p => p.Column == idColumn) is { Min: { } min, Max: { } max } ? $" {idColumn!.Name} runs from {min} to {max}." : "";
        return $"No {snapshot.Noun.Singular} with {idColumn?.Name} {TextClip.Clip(id, 64)} in source '{snapshot.Name}'.{range}";
    }
}
