using System.Runtime.InteropServices;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Analytics;

/// <summary>
/// Reads the series an <see cref="AnalyticsSpec"/> asks for. Buckets are the engine's aggregate grouped by series and
/// time bucket (the same path as <c>group_by=metric,date:week</c>); raw points are gathered from the matching rows in
/// one pass and sorted only when the file is not already in time order. Rows without a time or a value are skipped.
/// </summary>
internal static class SeriesReader
{
    public static SeriesSet Read(SourceSnapshot snapshot, AnalyticsSpec spec) =>
        spec.Bucket is { } bucket ? ReadBuckets(snapshot, spec, bucket) : ReadPoints(snapshot, spec);

    private static SeriesSet ReadBuckets(SourceSnapshot snapshot, AnalyticsSpec spec, TimeBucket bucket)
    {
        var groups = new List<GroupColumn>();
        if (spec.Series is { } seriesColumn)
        {
            groups.Add(new GroupColumn(seriesColumn));
        }
        groups.Add(new GroupColumn(spec.Time, bucket));
        var metric = spec.Function == MetricKind.Count ? new Metric(MetricKind.Count, null) : new Metric(spec.Function, spec.Measure);
        var aggregate = new AggregateSpec(groups, [metric], int.MaxValue)
        {
            Order = [.. groups.Select((_, i) => new GroupOrder(i, -1, Descending: false))],
        };
        var result = Aggregator.Run(snapshot, spec.Rows, aggregate);
        var time = groups[^1];
        var items = new List<Series>();
        var total = 0;
        var start = 0;
        var all = result.Groups;
        while (start < all.Count)
        {
            var end = start + 1;
            while (end < all.Count && SameSeries(spec.Series, all[start].KeyRow, all[end].KeyRow))
            {
                end++;
            }
            total++;
            if (items.Count < AnalyticsLimits.MaxSeries)
            {
                var kept = all.Skip(start).Take(end - start).Where(g => !spec.Time.IsNull(g.KeyRow) && g.Values[0].Kind != MetricValueKind.None).ToList();
                if (kept.Count > 0)
                {
                    items.Add(new Series(KeyText(spec.Series, kept[0].KeyRow), kept[0].KeyRow,
                        [.. kept.Select(g => time.KeyOf(g.KeyRow))],
                        [.. kept.Select(g => g.Values[0].Kind == MetricValueKind.Integer ? (double)g.Values[0].Integer : g.Values[0].Real)],
                        [.. kept.Select(g => g.Count)]));
                }
            }
            start = end;
        }
        return new SeriesSet(items, total, result.MatchCount);
    }

    private static bool SameSeries(Column? series, int a, int b) =>
        series is null || series.IsNull(a) == series.IsNull(b) && (series.IsNull(a) || series.OrderKeys[a] == series.OrderKeys[b]);

    private static string? KeyText(Column? series, int row) => series?.FormatText(row);

    private static SeriesSet ReadPoints(SourceSnapshot snapshot, AnalyticsSpec spec)
    {
        using var mask = QueryExecutor.Match(snapshot, spec.Rows);
        var matchCount = mask.Count();
        var times = spec.Time.Values;
        var timeNulls = spec.Time.Nulls;
        var measureNulls = spec.Measure.Nulls;
        // Rows of each series, in row order, keyed by the series column's order key (null apart).
        var bySeries = new Dictionary<long, List<int>>();
        List<int>? nullSeries = null;
        var single = spec.Series is null ? new List<int>(matchCount) : null;
        foreach (var row in MaskKernels.EnumerateRows(mask.Words))
        {
            if (timeNulls.IsNull(row) || measureNulls.IsNull(row))
            {
                continue;
            }
            if (single is not null)
            {
                single.Add(row);
            }
            else if (spec.Series!.IsNull(row))
            {
                (nullSeries ??= []).Add(row);
            }
            else
            {
                var key = spec.Series.OrderKeys[row];
                if (!bySeries.TryGetValue(key, out var rows))
                {
                    bySeries[key] = rows = [];
                }
                rows.Add(row);
            }
        }
        var lists = single is not null ? [single] : bySeries.OrderBy(p => p.Key).Select(p => p.Value).ToList();
        if (nullSeries is not null)
        {
            lists.Add(nullSeries);
        }
        lists.RemoveAll(l => l.Count == 0);
        var items = new List<Series>();
        foreach (var rows in lists.Take(AnalyticsLimits.MaxSeries))
        {
            items.Add(Gather(spec, rows, spec.Time.Values));
        }
        return new SeriesSet(items, lists.Count, matchCount);
    }

    /// <summary>
    /// What <see cref="Read"/> gives for raw points cut to each series' two newest (by time, then row, as it orders
    /// them), in one pass over the matching rows: nothing is gathered or sorted, whatever the series' length.
    /// </summary>
    public static SeriesSet ReadNewest(SourceSnapshot snapshot, AnalyticsSpec spec)
    {
        using var mask = QueryExecutor.Match(snapshot, spec.Rows);
        var matchCount = mask.Count();
        var times = spec.Time.Values;
        var timeNulls = spec.Time.Nulls;
        var measureNulls = spec.Measure.Nulls;
        var bySeries = new Dictionary<long, NewestRows>();
        NewestRows? nullSeries = null;
        var single = NewestRows.None;
        foreach (var row in MaskKernels.EnumerateRows(mask.Words))
        {
            if (timeNulls.IsNull(row) || measureNulls.IsNull(row))
            {
                continue;
            }
            if (spec.Series is not { } series)
            {
                single = single.With(row, times);
            }
            else if (series.IsNull(row))
            {
                nullSeries = (nullSeries ?? NewestRows.None).With(row, times);
            }
            else
            {
                ref var newest = ref CollectionsMarshal.GetValueRefOrAddDefault(bySeries, series.OrderKeys[row], out var exists);
                newest = (exists ? newest : NewestRows.None).With(row, times);
            }
        }
        var found = spec.Series is null ? (single.Last >= 0 ? [single] : []) : bySeries.OrderBy(p => p.Key).Select(p => p.Value).ToList();
        if (nullSeries is { } nulls)
        {
            found.Add(nulls);
        }
        var items = new List<Series>();
        foreach (var newest in found.Take(AnalyticsLimits.MaxSeries))
        {
            long[] pointTimes = newest.Previous >= 0 ? [times[newest.Previous], times[newest.Last]] : [times[newest.Last]];
            double[] values = newest.Previous >= 0 ? [Value(spec, newest.Previous), Value(spec, newest.Last)] : [Value(spec, newest.Last)];
            items.Add(new Series(KeyText(spec.Series, newest.Last), newest.Last, pointTimes, values, null));
        }
        return new SeriesSet(items, found.Count, matchCount);
    }

    /// <summary>A series' newest row and the one before it; -1 for none. Rows come in increasing order, so a tie in time goes to the later row.</summary>
    private readonly record struct NewestRows(int Last, int Previous)
    {
        public static readonly NewestRows None = new(-1, -1);

        public NewestRows With(int row, ReadOnlySpan<long> times) =>
            Last < 0 || times[row] >= times[Last] ? new(row, Last)
            : Previous < 0 || times[row] >= times[Previous] ? new(Last, row)
            : this;
    }

    private static double Value(AnalyticsSpec spec, int row) => spec.Measure is DoubleColumn number ? number[row] : ((Int64Column)spec.Measure)[row];

    private static Series Gather(AnalyticsSpec spec, List<int> rows, ReadOnlySpan<long> times)
    {
        var count = rows.Count;
        var order = rows.ToArray();
        var sorted = true;
        for (var i = 1; i < count && sorted; i++)
        {
            sorted = times[order[i]] >= times[order[i - 1]];
        }
        if (!sorted)
        {
            // Rows are in row order, so a sort on (time, row) keeps duplicates of one instant in file order.
            var keys = new (long Time, int Row)[count];
            for (var i = 0; i < count; i++)
            {
                keys[i] = (times[order[i]], order[i]);
            }
            Array.Sort(keys, order);
        }
        var outTimes = new long[count];
        var outValues = new double[count];
        for (var i = 0; i < count; i++)
        {
            var row = order[i];
            outTimes[i] = times[row];
            outValues[i] = Value(spec, row);
        }
        return new Series(KeyText(spec.Series, order[0]), order[0], outTimes, outValues, null);
    }
}
