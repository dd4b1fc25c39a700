using System.Globalization;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Database;

/// <summary>Aggregates run in the database: one statement for the page of groups, another only when the counts need it.</summary>
internal sealed partial class DatabaseTable
{
    public AggregateResult Aggregate(SourceSnapshot snapshot, QuerySpec query, AggregateSpec spec)
    {
        var keyColumns = spec.GroupBy.Select(g => KeyColumn(schema[g.Column.Name], g)).ToList();
        var groups = new List<Group>();
        long totalGroups = 0, matched = 0;
        var keys = Run(session =>
        {
            Column[] read;
            using (var reader = session.Query(_compiler.Aggregate(query, spec)))
            {
                read = ResultTableBuilder.ReadColumns(reader, keyColumns, row =>
                {
                    var values = new MetricValue[spec.Metrics.Count];
                    for (var m = 0; m < values.Length; m++)
                    {
                        values[m] = Value(spec.Metrics[m], row.IsDBNull(keyColumns.Count + m) ? null : row.GetValue(keyColumns.Count + m));
                    }
                    var at = keyColumns.Count + values.Length;
                    groups.Add(new Group(groups.Count, Convert.ToInt64(row.GetValue(at), CultureInfo.InvariantCulture), values));
                    totalGroups = Convert.ToInt64(row.GetValue(at + 2), CultureInfo.InvariantCulture);
                    matched = Convert.ToInt64(row.GetValue(at + 3), CultureInfo.InvariantCulture);
                });
            }
            // The window counts what the page came from; with HAVING the rows matched are more than those in kept groups,
            // and a page past the last group has no row to carry the counts.
            if (spec.Having is not null || groups.Count == 0)
            {
                matched = session.Int64(_compiler.Count(query));
            }
            if (groups.Count == 0 && spec.Offset > 0)
            {
                totalGroups = session.Int64(_compiler.GroupCount(query, spec));
            }
            return read.Length == 0 && keyColumns.Count > 0 ? EmptyKeys(spec, schema) : read;
        });
        var boundSpec = spec with { GroupBy = [.. spec.GroupBy.Select((g, i) => g with { Column = keys[i] })] };
        return new AggregateResult(snapshot, query, boundSpec, (int)Math.Min(matched, int.MaxValue), groups, (int)Math.Min(totalGroups, int.MaxValue));
    }

    /// <summary>Whole-number results stay integers (a sum as wide as 128 bits); averages and double columns are doubles.</summary>
    private static MetricValue Value(Metric metric, object? value)
    {
        if (value is null)
        {
            return MetricValue.None;
        }
        var integral = metric.Kind == MetricKind.Count || metric.Kind != MetricKind.Avg && metric.Column?.Type is ColumnType.Int64 or ColumnType.Timestamp;
        return integral
            ? MetricValue.OfInteger(value is decimal d ? (Int128)d : Convert.ToInt64(value, CultureInfo.InvariantCulture))
            : MetricValue.OfReal(Convert.ToDouble(value, CultureInfo.InvariantCulture));
    }
}
