using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Database;

/// <summary>
/// An aggregate as one statement: the group keys (a bucket's first instant for buckets), the metrics, the group's
/// size and first id, and with a window function the number of groups and of matching rows, so one round trip
/// answers what the in-memory aggregator does.
/// </summary>
internal sealed partial class PushdownCompiler
{
    /// <summary>
    /// Columns: one per group key, one per metric, then the group's row count, its first id (null without an id
    /// column), the number of groups and the number of rows in them.
    /// </summary>
    public SqlText Aggregate(QuerySpec query, AggregateSpec spec)
    {
        var keys = spec.GroupBy.Select(Key).ToList();
        var metrics = spec.Metrics.Select(Metric).ToList();
        // One group has no tie to break: reading the ids would cost a count the heap visits it could skip.
        var first = idColumn is { } id && keys.Count > 0 ? $"min({dialect.Read(schema[id])})" : "NULL";
        var sql = new SqlText().Append("SELECT ");
        foreach (var expression in keys.Concat(metrics))
        {
            sql.Append(expression).Append(", ");
        }
        sql.Append($"count(*), {first}, count(*) OVER (), sum(count(*)) OVER () FROM ").Append(schema.From);
        Where(sql, query);
        if (keys.Count > 0)
        {
            sql.Append(" GROUP BY ").Append(string.Join(", ", Enumerable.Range(1, keys.Count)));
        }
        // Without GROUP BY, SQL answers one row even when nothing matches; UDC answers no group.
        var having = keys.Count == 0 ? "count(*) > 0" : null;
        if (having is not null || spec.Having is not null)
        {
            sql.Append(" HAVING ").Append(having ?? "");
            if (spec.Having is { } condition)
            {
                sql.Append(having is null ? "" : " AND ");
                Having(sql, condition, metrics);
            }
        }
        var order = spec.Order.Count == 0
            ? ["count(*) DESC"]
            : spec.Order.Select(o => (o.GroupIndex >= 0 ? OrderKey(spec.GroupBy[o.GroupIndex], keys[o.GroupIndex]) : metrics[o.MetricIndex]) + (o.Descending ? " DESC" : " ASC") + " NULLS LAST").ToList();
        // Ties go to the group whose first record comes first, as the in-memory aggregator orders them.
        order.Add(keys.Count == 0 ? "count(*)" : idColumn is null ? "1" : first);
        sql.Append(" ORDER BY ").Append(string.Join(", ", order));
        sql.Append(" LIMIT ").Value((long)spec.Limit).Append(" OFFSET ").Value((long)spec.Offset);
        return sql;
    }

    /// <summary>How many groups the aggregate makes (after HAVING), when no page row carries the count.</summary>
    public SqlText GroupCount(QuerySpec query, AggregateSpec spec)
    {
        var keys = spec.GroupBy.Select(Key).ToList();
        var metrics = spec.Metrics.Select(Metric).ToList();
        var sql = new SqlText().Append("SELECT count(*) FROM (SELECT count(*) AS n");
        foreach (var key in keys)
        {
            sql.Append(", ").Append(key);
        }
        sql.Append(" FROM ").Append(schema.From);
        Where(sql, query);
        if (keys.Count > 0)
        {
            sql.Append(" GROUP BY ").Append(string.Join(", ", Enumerable.Range(2, keys.Count)));
        }
        sql.Append(keys.Count == 0 ? " HAVING count(*) > 0" : "");
        if (spec.Having is { } condition)
        {
            sql.Append(keys.Count == 0 ? " AND " : " HAVING ");
            Having(sql, condition, metrics);
        }
        return sql.Append(") AS \"udc_groups\"");
    }

    private string Key(GroupColumn group) =>
        group.Bucket is { } bucket ? dialect.BucketStart(schema[group.Column.Name], bucket) : dialect.Read(schema[group.Column.Name]);

    private string OrderKey(GroupColumn group, string key) =>
        group.Bucket is null && group.Column.Type == ColumnType.String ? dialect.OrderKey(schema[group.Column.Name]) : key;

    private string Metric(Metric metric) => metric.Kind switch
    {
        MetricKind.Count => "count(*)",
        MetricKind.Sum => dialect.Aggregate("sum", schema[metric.Column!.Name]),
        MetricKind.Avg => $"avg({dialect.Read(schema[metric.Column!.Name])} * 1.0)",
        MetricKind.Min => dialect.Aggregate("min", schema[metric.Column!.Name]),
        _ => dialect.Aggregate("max", schema[metric.Column!.Name]),
    };

    private static void Having(SqlText sql, HavingCondition condition, List<string> metrics)
    {
        switch (condition)
        {
            case HavingCondition.Leaf { Operator: FilterOperator.IsNull } leaf:
                sql.Append(metrics[leaf.MetricIndex]).Append(leaf.Operands[0] != 0 ? " IS NULL" : " IS NOT NULL");
                break;
            case HavingCondition.Leaf leaf when leaf.Operator is FilterOperator.In or FilterOperator.NotEqual:
                sql.Append(leaf.Operator == FilterOperator.NotEqual ? "NOT (" : "(").Append(metrics[leaf.MetricIndex])
                    .Append(" IN (").Append(string.Join(", ", leaf.Operands.Select(o => sql.Parameter(o)))).Append("))");
                break;
            case HavingCondition.Leaf leaf:
                var op = leaf.Operator switch
                {
                    FilterOperator.GreaterThan => " > ",
                    FilterOperator.GreaterThanOrEqual => " >= ",
                    FilterOperator.LessThan => " < ",
                    _ => " <= ",
                };
                sql.Append("(").Append(metrics[leaf.MetricIndex]).Append(op).Value(leaf.Operands[0]).Append(")");
                break;
            case HavingCondition.All all:
                Join(sql, all.Items, " AND ", metrics);
                break;
            case HavingCondition.Any any:
                Join(sql, any.Items, " OR ", metrics);
                break;
            case HavingCondition.Not not:
                sql.Append("NOT (");
                Having(sql, not.Item, metrics);
                sql.Append(")");
                break;
        }
    }

    private static void Join(SqlText sql, IReadOnlyList<HavingCondition> items, string separator, List<string> metrics)
    {
        sql.Append("(");
        for (var i = 0; i < items.Count; i++)
        {
            sql.Append(i == 0 ? "" : separator);
            Having(sql, items[i], metrics);
        }
        sql.Append(")");
    }
}
