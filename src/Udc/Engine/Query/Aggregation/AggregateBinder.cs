using System.Globalization;
using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// Checks an <see cref="AggregateRequest"/> (<c>group_by</c>, <c>metrics</c>, <c>limit</c>, and the order, HAVING and
/// offset SQL adds) against one snapshot, reporting issues where the caller wrote them.
/// </summary>
internal static partial class AggregateBinder
{
    public const string HavingParameter = "having";
    public const string OrderParameter = "order_by";
    public const string OffsetParameter = "offset";

    public static (AggregateSpec? Spec, IReadOnlyList<ValidationIssue> Issues) Bind(SourceSnapshot snapshot, AggregateRequest request, RequestOrigin origin)
    {
        var issues = new List<ValidationIssue>();
        var groupBy = new List<GroupColumn>();
        var metrics = new List<Metric>();
        var table = snapshot.Table;
        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        string? Alias(string spec) => request.Aliases?.GetValueOrDefault(spec);

        foreach (var item in request.GroupBy)
        {
            if (ParseGroup(table, item.Trim(), columns, out var issue) is { } group)
            {
                groupBy.Add(group with { Alias = Alias(group.Spec) });
            }
            else
            {
                issues.Add(origin.Parameter(AggregateSpec.GroupByParameter, issue!));
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
                metrics.Add(metric with { Alias = Alias(metric.Spec), Hidden = request.HiddenMetrics?.Contains(metric.Spec) == true });
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
        if (request.Offset is < 0 or > AggregateSpec.MaxOffset)
        {
            issues.Add(origin.Parameter(OffsetParameter, $"ensure this value is an integer from 0 to {AggregateSpec.MaxOffset}", "int_parsing"));
        }

        if (metrics.Count == 0)
        {
            metrics.Add(new Metric(MetricKind.Count, null, Alias("count")));
        }
        groupBy = groupBy.DistinctBy(g => g.Spec).ToList();
        metrics = metrics.DistinctBy(m => m.Spec).ToList();
        var order = request.OrderBy is { } orderBy ? BindOrder(orderBy, groupBy, metrics, origin, issues) : [];
        var having = request.Having is { } node ? BindHaving(node, metrics, origin, issues) : null;
        return issues.Count > 0
            ? (null, issues)
            : (new AggregateSpec(groupBy, metrics, limit) { Order = order, Having = having, Offset = request.Offset }, issues);
    }

    /// <summary>What a limit must be, said the same by every surface that reads one.</summary>
    public static readonly string LimitMessage = $"ensure this value is an integer from 1 to {AggregateSpec.MaxLimit}";

    /// <summary><c>status</c>, or a timestamp column and a bucket: <c>date:week</c>.</summary>
    private static GroupColumn? ParseGroup(Table table, string text, string columns, out string? issue)
    {
        issue = null;
        var cut = text.LastIndexOf(':');
        var name = cut > 0 && table.Find(text) is null ? text[..cut] : text;
        if (table.Find(name) is not { } column)
        {
            issue = $"unknown column '{TextClip.Clip(name, 40)}'; columns: {columns}";
            return null;
        }
        if (name.Length == text.Length)
        {
            return new GroupColumn(column);
        }
        if (!TimeBuckets.TryParse(text[(cut + 1)..], out var bucket))
        {
            issue = $"unknown bucket '{TextClip.Clip(text[(cut + 1)..], 20)}' in '{TextClip.Clip(text, 60)}'; buckets: {string.Join(", ", TimeBuckets.Names)}";
            return null;
        }
        if (column.Type != ColumnType.Timestamp)
        {
            issue = $"{column.Name} is {OperatorNames.TypeName(column.Type)}, so it cannot be cut into {bucket.Name()}s; bucket a timestamp column: {string.Join(", ", table.Columns.Where(c => c.Type == ColumnType.Timestamp).Select(c => c.Name))}";
            return null;
        }
        return new GroupColumn(column, bucket);
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

    private static List<GroupOrder> BindOrder(IReadOnlyList<string> items, List<GroupColumn> groups, List<Metric> metrics, RequestOrigin origin, List<ValidationIssue> issues)
    {
        var order = new List<GroupOrder>();
        foreach (var item in items)
        {
            var descending = item.StartsWith('-');
            var name = item.Trim().TrimStart('-', '+');
            var group = groups.FindIndex(g => g.Spec == name || g.Name == name);
            var metric = group >= 0 ? -1 : metrics.FindIndex(m => m.Spec == name || m.Name == name);
            if (group < 0 && metric < 0)
            {
                var valid = string.Join(", ", groups.Select(g => g.Spec).Concat(metrics.Select(m => m.Spec)));
                issues.Add(origin.Parameter(OrderParameter, $"'{TextClip.Clip(name, 40)}' is neither a group nor a metric of this aggregate; order by one of: {valid}"));
                continue;
            }
            order.Add(new GroupOrder(group, metric, descending));
        }
        return order;
    }

    private static HavingCondition? BindHaving(FilterNode node, List<Metric> metrics, RequestOrigin origin, List<ValidationIssue> issues)
    {
        switch (node)
        {
            case FilterNode.All all:
                return new HavingCondition.All([.. all.Items.Select(i => BindHaving(i, metrics, origin, issues)).OfType<HavingCondition>()]);
            case FilterNode.Any any:
                return new HavingCondition.Any([.. any.Items.Select(i => BindHaving(i, metrics, origin, issues)).OfType<HavingCondition>()]);
            case FilterNode.Not not:
                return BindHaving(not.Item, metrics, origin, issues) is { } inner ? new HavingCondition.Not(inner) : null;
        }
        var term = ((FilterNode.Term)node).Filter;
        var cut = term.Key.LastIndexOf(OperatorNames.Separator, StringComparison.Ordinal);
        var (spec, op) = cut > 0 && OperatorNames.TryParse(term.Key[(cut + OperatorNames.Separator.Length)..], out var parsed) ? (term.Key[..cut], parsed) : (term.Key, FilterOperator.In);
        var index = metrics.FindIndex(m => m.Spec == spec);
        if (index < 0)
        {
            issues.Add(origin.Parameter(HavingParameter, $"'{TextClip.Clip(spec, 40)}' is not a metric of this aggregate; metrics: {string.Join(", ", metrics.Select(m => m.Spec))}"));
            return null;
        }
        if (op is FilterOperator.Contains or FilterOperator.StartsWith or FilterOperator.Like)
        {
            issues.Add(origin.Parameter(HavingParameter, $"{spec} is a number; compare it with =, <>, <, <=, >, >=, IN, BETWEEN or IS NULL"));
            return null;
        }
        var operands = new List<double>();
        foreach (var value in term.Values)
        {
            if (op == FilterOperator.IsNull)
            {
                operands.Add(RequestValues.ParseBoolean(value) == true ? 1 : 0);
            }
            else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                operands.Add(number);
            }
            else
            {
                issues.Add(origin.Parameter(HavingParameter, $"'{TextClip.Clip(value, 40)}' is not a number; {spec} is compared with numbers", "float_parsing"));
                return null;
            }
        }
        return operands.Count == 0 ? null : new HavingCondition.Leaf(index, op, operands);
    }
}
