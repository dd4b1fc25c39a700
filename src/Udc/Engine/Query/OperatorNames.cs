using System.Collections.Frozen;
using Udc.Engine.Columns;

namespace Udc.Engine.Query;

/// <summary>The operator suffixes of the query string and which column types accept which.</summary>
internal static class OperatorNames
{
    public const string Separator = "__";

    private static readonly FrozenDictionary<string, FilterOperator> s_bySuffix = new Dictionary<string, FilterOperator>
    {
        ["eq"] = FilterOperator.In,
        ["in"] = FilterOperator.In,
        ["ne"] = FilterOperator.NotEqual,
        ["gt"] = FilterOperator.GreaterThan,
        ["gte"] = FilterOperator.GreaterThanOrEqual,
        ["lt"] = FilterOperator.LessThan,
        ["lte"] = FilterOperator.LessThanOrEqual,
        ["contains"] = FilterOperator.Contains,
        ["startswith"] = FilterOperator.StartsWith,
        ["isnull"] = FilterOperator.IsNull,
        ["like"] = FilterOperator.Like,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FilterOperator[] s_textOperators = [FilterOperator.In, FilterOperator.NotEqual, FilterOperator.Contains, FilterOperator.StartsWith, FilterOperator.Like, FilterOperator.IsNull];
    private static readonly FilterOperator[] s_orderedOperators = [FilterOperator.In, FilterOperator.NotEqual, FilterOperator.GreaterThan, FilterOperator.GreaterThanOrEqual, FilterOperator.LessThan, FilterOperator.LessThanOrEqual, FilterOperator.IsNull];
    private static readonly FilterOperator[] s_booleanOperators = [FilterOperator.In, FilterOperator.NotEqual, FilterOperator.IsNull];

    public static IEnumerable<string> Suffixes => s_bySuffix.Keys;

    public static bool TryParse(string suffix, out FilterOperator op) => s_bySuffix.TryGetValue(suffix, out op);

    public static IReadOnlyList<FilterOperator> ValidFor(ColumnType type) => type switch
    {
        ColumnType.String => s_textOperators,
        ColumnType.Boolean => s_booleanOperators,
        _ => s_orderedOperators,
    };

    /// <summary>How the operator is written in a query string; <c>In</c> is the plain <c>column=value</c> form.</summary>
    public static string Suffix(FilterOperator op) => op switch
    {
        FilterOperator.In => "in",
        FilterOperator.NotEqual => "ne",
        FilterOperator.GreaterThan => "gt",
        FilterOperator.GreaterThanOrEqual => "gte",
        FilterOperator.LessThan => "lt",
        FilterOperator.LessThanOrEqual => "lte",
        FilterOperator.Contains => "contains",
        FilterOperator.StartsWith => "startswith",
        FilterOperator.Like => "like",
        _ => "isnull",
    };

    public static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Int64 => "integer",
        ColumnType.Double => "number",
        ColumnType.Boolean => "boolean",
        ColumnType.Timestamp => "timestamp",
        _ => "string",
    };
}
