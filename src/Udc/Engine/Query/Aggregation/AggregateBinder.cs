using System.Globalization;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// Checks an <see cref="AggregateRequest"/> (<c>group_by</c>, <c>metrics</c>, <c>limit</c>) against one snapshot,
/// reporting issues where the caller wrote them.
/// </summary>
internal static class AggregateBinder
{
    public static (AggregateSpec? Spec, IReadOnlyList<ValidationIssue> Issues) Bind(SourceSnapshot snapshot, AggregateRequest request, RequestOrigin origin)
    {
        var issues = new List<ValidationIssue>();
        var groupBy = new List<Column>();
        var metrics = new List<Metric>();
        var table = snapshot.Table;
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));

        foreach (var item in request.GroupBy)
        {
            if (table.Find(item.Trim()) is { } column)
            {
                groupBy.Add(column);
            }
            else
            {
                issues.Add(origin.Parameter(AggregateSpec.GroupByParameter, $"unknown column '{TextClip.Clip(item, 40)}'; columns: {columns}"));
            }
        }
        if (groupBy.Count > AggregateSpec.MaxGroupColumns)
        {
            issues.Add(origin.Parameter(AggregateSpec.GroupByParameter, $"group by at most {AggregateSpec.MaxGroupColumns} columns"));
        }
        foreach (var item in request.Metrics)
        {
            if (ParseMetric(table, item.Trim(), columns, out var issue) is { } metric)
            {
                metrics.Add(metric);
            }
            else
            {
                issues.Add(origin.Parameter(AggregateSpec.MetricsParameter, issue!));
            }
        }
        var limit = request.Limit ?? AggregateSpec.DefaultLimit;
        if (limit is < 1 or > AggregateSpec.MaxLimit)
        {
            issues.Add(origin.Parameter(AggregateSpec.LimitParameter, LimitMessage, "int_parsing"));
        }

        if (metrics.Count == 0)
        {
            metrics.Add(new Metric(MetricKind.Count, null));
        }
        return issues.Count > 0 ? (null, issues) : (new AggregateSpec(groupBy.Distinct().ToList(), metrics.DistinctBy(m => m.Spec).ToList(), limit), issues);
    }

    /// <summary>What a limit must be, said the same by every surface that reads one.</summary>
    public static readonly string LimitMessage = $"ensure this value is an integer from 1 to {AggregateSpec.MaxLimit}";

    private static Metric? ParseMetric(Table table, string text, string columns, out string? issue)
    {
        issue = null;
        var parts = text.Split(':', 2);
        var function = parts[0].ToLowerInvariant();
        var kind = function switch
        {
            "count" => MetricKind.Count,
            "sum" => MetricKind.Sum,
            "avg" => MetricKind.Avg,
            "min" => MetricKind.Min,
            "max" => MetricKind.Max,
            _ => (MetricKind?)null,
        };
        if (kind is null)
        {
            issue = $"unknown metric '{TextClip.Clip(text, 40)}'; use count, or sum, avg, min or max with a column, as in avg:value";
            return null;
        }
        if (parts.Length == 1)
        {
            if (kind == MetricKind.Count)
            {
                return new Metric(MetricKind.Count, null);
            }
            issue = $"metric '{function}' needs a column, as in {function}:value";
            return null;
        }
        if (kind == MetricKind.Count)
        {
            issue = "count takes no column";
            return null;
        }
        if (table.Find(parts[1]) is not { } column)
        {
            issue = $"unknown column '{TextClip.Clip(parts[1], 40)}' in metric '{TextClip.Clip(text, 60)}'; columns: {columns}";
            return null;
        }
        var numeric = column.Type is ColumnType.Int64 or ColumnType.Double;
        var ordered = numeric || column.Type == ColumnType.Timestamp;
        if (kind is MetricKind.Sum or MetricKind.Avg ? !numeric : !ordered)
        {
            var valid = string.Join(", ", table.Columns.Where(c => c.Type is ColumnType.Int64 or ColumnType.Double || kind is MetricKind.Min or MetricKind.Max && c.Type == ColumnType.Timestamp).Select(c => c.Name));
            issue = $"{function} needs a {(kind is MetricKind.Sum or MetricKind.Avg ? "numeric" : "numeric or timestamp")} column; {column.Name} is {Query.OperatorNames.TypeName(column.Type)}; valid: {valid}";
            return null;
        }
        return new Metric(kind.Value, column);
    }
}
