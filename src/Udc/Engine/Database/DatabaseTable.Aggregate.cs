using System.Globalization;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Database;

/// <summary>Aggregates run in the database: one round trip for the page of groups and, with HAVING, the rows matched.</summary>
internal sealed partial class DatabaseTable
{
    public AggregateResult Aggregate(SourceSnapshot snapshot, QuerySpec query, AggregateSpec spec)
    {
        var keyColumns = spec.GroupBy.Select(g => KeyColumn(schema[g.Column.Name], g)).ToList();
        var groups = new List<Group>();
        long totalGroups = 0, matched = 0;
        var keys = Run(null, session =>
        {
            Column[] read = [];
            // The window counts what the page came from; with HAVING the rows matched are more than those in kept
            // groups, so their count goes in the same round trip.
            List<SqlText> statements = spec.Having is null ? [_compiler.Aggregate(query, spec)] : [_compiler.Aggregate(query, spec), _compiler.Count(query)];
            // A page past the last group has no row to carry the counts: they are read after it, in the same snapshot.
            var pastTheEnd = spec.Offset > 0;
            session.Batch(statements, (index, reader) =>
            {
                if (index == 1)
                {
                    matched = DatabaseSession.Int64(reader);
                    return;
                }
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
                    if (spec.Having is null)
                    {
                        matched = Convert.ToInt64(row.GetValue(at + 3), CultureInfo.InvariantCulture);
                    }
                });
            }, end: !pastTheEnd);
            // The first page without a group means nothing matched (HAVING's count came with it); only a later page needs more.
            if (groups.Count == 0 && pastTheEnd)
            {
                List<SqlText> counts = spec.Having is null ? [_compiler.GroupCount(query, spec), _compiler.Count(query)] : [_compiler.GroupCount(query, spec)];
                session.Batch(counts, (index, reader) =>
                {
                    if (index == 0)
                    {
                        totalGroups = DatabaseSession.Int64(reader);
                    }
                    else
                    {
                        matched = DatabaseSession.Int64(reader);
                    }
                }, end: true);
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
