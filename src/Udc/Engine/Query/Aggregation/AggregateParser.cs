using System.Globalization;
using Microsoft.Extensions.Primitives;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Query.Aggregation;

/// <summary>Parses <c>group_by=status,priority&amp;metrics=count,avg:value&amp;limit=20</c> for one snapshot.</summary>
internal static class AggregateParser
{

    public static (AggregateSpec? Spec, IReadOnlyList<ValidationIssue> Issues) Parse(SourceSnapshot snapshot, IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var issues = new List<ValidationIssue>();
        var groupBy = new List<Column>();
        var metrics = new List<Metric>();
        var limit = AggregateSpec.DefaultLimit;
        var table = snapshot.Table;
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));

        foreach (var (name, values) in parameters)
        {
            if (!AggregateSpec.Parameters.Contains(name))
            {
                continue;
            }
            if (values.Count > 1)
            {
                issues.Add(ValidationIssue.Query(name, $"{name} is given {values.Count} times; give it once"));
                continue;
            }
            var items = (values.ToString() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            switch (name)
            {
                case AggregateSpec.GroupByParameter:
                    foreach (var item in items)
                    {
                        if (table.Find(item) is { } column)
                        {
                            groupBy.Add(column);
                        }
                        else
                        {
                            issues.Add(ValidationIssue.Query(name, $"unknown column '{item}'; columns: {columns}"));
                        }
                    }
                    if (groupBy.Count > AggregateSpec.MaxGroupColumns)
                    {
                        issues.Add(ValidationIssue.Query(name, $"group by at most {AggregateSpec.MaxGroupColumns} columns"));
                    }
                    break;
                case AggregateSpec.MetricsParameter:
                    foreach (var item in items)
                    {
                        if (ParseMetric(table, item, columns, out var issue) is { } metric)
                        {
                            metrics.Add(metric);
                        }
                        else
                        {
                            issues.Add(ValidationIssue.Query(name, issue!));
                        }
                    }
                    break;
                case AggregateSpec.LimitParameter:
                    if (!int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > AggregateSpec.MaxLimit)
                    {
                        issues.Add(ValidationIssue.Query(name, $"ensure this value is an integer from 1 to {AggregateSpec.MaxLimit}", "int_parsing"));
                    }
                    break;
            }
        }

        if (metrics.Count == 0)
        {
            metrics.Add(new Metric(MetricKind.Count, null));
        }
        return issues.Count > 0 ? (null, issues) : (new AggregateSpec(groupBy.Distinct().ToList(), metrics.DistinctBy(m => m.Spec).ToList(), limit), issues);
    }

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
            issue = $"unknown metric '{text}'; use count, or sum, avg, min or max with a column, as in avg:value";
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
            issue = $"unknown column '{parts[1]}' in metric '{text}'; columns: {columns}";
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
