using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// The columns a question can mean without naming them, found by type and by the shape of the name, never by a
/// list of names: "who" is the one name column, "value" the one decimal column, a time series' reading its one
/// measure. When a source has two candidates the question is not claimed.
/// </summary>
internal static class ColumnRoles
{
    /// <summary>"value", "worth", "largest order": the one decimal column that is not an id.</summary>
    public static Column? Amount(SourceSnapshot snapshot) =>
        Single(snapshot.Table.Columns.Where(c => c.Type == ColumnType.Double && c != snapshot.IdColumn && !IsKey(c)));

    /// <summary>"who": the one text column called <c>name</c> or <c>…_name</c>.</summary>
    public static Column? Name(SourceSnapshot snapshot) =>
        Single(snapshot.Table.Columns.Where(c => c.Type == ColumnType.String && (c.Name == "name" || c.Name.EndsWith("_name", StringComparison.Ordinal))));

    /// <summary>Columns one can sum or average: numbers that are not ids or keys.</summary>
    public static IEnumerable<Column> Measures(SourceSnapshot snapshot) =>
        snapshot.Table.Columns.Where(c => c.Type is ColumnType.Int64 or ColumnType.Double && c != snapshot.IdColumn && !IsKey(c));

    /// <summary>The measured number of a time series: its one measure that is not filtered on.</summary>
    public static Column? Measure(SourceSnapshot snapshot, IEnumerable<Column> filtered) =>
        Single(Measures(snapshot).Where(c => !filtered.Contains(c)));

    /// <summary>A column that refers to records (<c>id</c>, <c>customer_id</c>): never summed or averaged.</summary>
    public static bool IsKey(Column column) => column.Name == "id" || column.Name.EndsWith("_id", StringComparison.Ordinal);

    public static bool IsNumeric(Column column) => column.Type is ColumnType.Int64 or ColumnType.Double;

    private static Column? Single(IEnumerable<Column> columns)
    {
        Column? found = null;
        foreach (var column in columns)
        {
            if (found is not null)
            {
                return null;
            }
            found = column;
        }
        return found;
    }
}
