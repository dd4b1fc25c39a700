using Microsoft.Extensions.Primitives;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Features.Data;

/// <summary>Finds one record by the source's id column, for <c>/data/{source}/{id}</c> and MCP's <c>get_record</c>.</summary>
internal static class RecordLookup
{
    /// <summary>
    /// The id is matched like <c>?{id_column}={id}</c>, so it is validated against the column's type and text
    /// ids match case-insensitively, as filters do.
    /// </summary>
    /// <returns>The row, or -1 when no record has the id; null with the issues when the id is not valid for the column.</returns>
    public static (int? Row, IReadOnlyList<ValidationIssue> Issues) Find(SourceSnapshot snapshot, Column idColumn, string id)
    {
        var parsed = QueryParser.Parse(snapshot, [new(idColumn.Name, new StringValues(id)), new(QueryParameters.PageSize, new StringValues("1"))], splitValues: false);
        if (parsed.Spec is not { } spec)
        {
            return (null, parsed.Issues);
        }
        using var result = QueryExecutor.Execute(snapshot, spec);
        return (result.Rows.IsEmpty ? -1 : result.Rows[0], []);
    }
}
