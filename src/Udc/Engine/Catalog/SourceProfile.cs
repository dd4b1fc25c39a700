using Udc.Engine.Columns;

namespace Udc.Engine.Catalog;

/// <summary>
/// Per-column statistics of a snapshot for discovery (<c>/sources</c>, tool schemas). Computed on first use
/// and kept with the snapshot, so a source that nobody describes costs nothing.
/// </summary>
internal sealed class SourceProfile
{
    /// <summary>
    /// Columns with at most 25 distinct values list them: enough for any status, priority or metric name,
    /// and few enough to put in a tool schema as an enum.
    /// </summary>
    public const int MaxListedValues = 25;

    /// <summary>
    /// A listed value is a word or a short phrase (a status, a country, a metric name). A column holding a value of
    /// more than 100 characters is text, not a set of values: its values are not listed, so one long cell never
    /// becomes an enum in a schema, a prompt or <c>/sources</c>.
    /// </summary>
    public const int MaxListedValueLength = 100;

    private SourceProfile(IReadOnlyList<ColumnProfile> columns) => Columns = columns;

    public IReadOnlyList<ColumnProfile> Columns { get; }

    public static SourceProfile Build(Table table) => new([.. table.Columns.Select(Profile)]);

    /// <summary>Statistics read elsewhere (a database's catalog), with the same rules for which values are listed.</summary>
    public static SourceProfile Of(IReadOnlyList<ColumnProfile> columns) => new(columns);

    private static ColumnProfile Profile(Column column)
    {
        IReadOnlyList<string>? values = null;
        if (column.Type is ColumnType.String or ColumnType.Boolean)
        {
            values = column is DictionaryStringColumn dictionary
                ? dictionary.DistinctCount <= MaxListedValues ? [.. dictionary.Entries.Order(StringComparer.Ordinal)] : null
                : FewDistinctTexts(column);
            if (values is not null && values.Any(v => v.Length > MaxListedValueLength))
            {
                values = null;
            }
        }
        var (min, max) = column.Type is ColumnType.Int64 or ColumnType.Double or ColumnType.Timestamp ? Range(column) : (null, null);
        return new ColumnProfile(column, column.Nulls.NullCount, null, values, min, max, PersonalData.Detect(column));
    }

    /// <summary>The distinct texts in order, or null once there are more than <see cref="MaxListedValues"/>: a column of many stops early.</summary>
    private static List<string>? FewDistinctTexts(Column column)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < column.RowCount; row++)
        {
            if (column.FormatText(row) is { } text && set.Add(text) && set.Count > MaxListedValues)
            {
                return null;
            }
        }
        return [.. set];
    }

    /// <summary>Order keys compare like the values, so the rows holding the extremes are found in one pass.</summary>
    private static (string? Min, string? Max) Range(Column column)
    {
        var keys = column.OrderKeys;
        int minRow = -1, maxRow = -1;
        for (var row = 0; row < keys.Length; row++)
        {
            if (column.IsNull(row))
            {
                continue;
            }
            if (minRow < 0 || keys[row] < keys[minRow])
            {
                minRow = row;
            }
            if (maxRow < 0 || keys[row] > keys[maxRow])
            {
                maxRow = row;
            }
        }
        return minRow < 0 ? (null, null) : (column.FormatText(minRow), column.FormatText(maxRow));
    }
}
