using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Analytics;

/// <summary>
/// Checks an <see cref="AnalyticsRequest"/> against a snapshot: the rows as <c>/data</c> binds them, then the measure
/// (named, or the source's only numeric measure), the series column (named, or inferred: a column of few values
/// under which timestamps repeat, like <c>metric</c> in a long table of metrics), the bucket and the parameters.
/// Every issue names what would have been valid.
/// </summary>
internal static class AnalyticsBinder
{
    public static (AnalyticsSpec? Spec, IReadOnlyList<ValidationIssue> Issues) Bind(SourceSnapshot snapshot, AnalyticsRequest request, RequestOrigin origin, TimeBucket? defaultBucket, IReadOnlyList<ValidationIssue>? readIssues = null)
    {
        var rows = QueryBinder.Bind(snapshot, request.Rows, origin, readIssues);
        var issues = new List<ValidationIssue>(rows.Issues);
        var time = snapshot.TimeColumn;
        if (time is null)
        {
            var text = snapshot.Table.Columns.Where(c => c.Type == ColumnType.String && c.Name is "date" or "time" or "timestamp" or "created_at").Select(c => c.Name).FirstOrDefault();
            issues.Add(origin.Parameter(AnalyticsParameters.Measure, $"source '{snapshot.Name}' has no timestamp column, so it has no series over time"
                + (text is null ? "" : $"; its column {text} holds text that is not all dates (see its quality report)"), "value_error"));
        }
        var measure = BindMeasure(snapshot, request.Measure, origin, issues);
        var (series, inferred) = BindSeries(snapshot, request.Series, origin, issues);
        var bucket = BindBucket(snapshot, request.Bucket, defaultBucket, origin, issues);
        var function = MetricKind.Avg;
        if (request.Function is { } name)
        {
            var index = Array.IndexOf(AnalyticsParameters.Functions, name.Trim().ToLowerInvariant());
            if (index < 0)
            {
                issues.Add(origin.Parameter(AnalyticsParameters.Function, $"unknown function '{TextClip.Clip(name, 20)}'; valid: {string.Join(", ", AnalyticsParameters.Functions)}", "enum"));
            }
            else
            {
                function = index switch { 0 => MetricKind.Avg, 1 => MetricKind.Sum, 2 => MetricKind.Min, 3 => MetricKind.Max, _ => MetricKind.Count };
            }
        }
        Check(request.Window, 2, AnalyticsLimits.MaxWindow, AnalyticsParameters.Window, origin, issues);
        Check(request.Horizon, 1, AnalyticsLimits.MaxHorizon, AnalyticsParameters.Horizon, origin, issues);
        if (request.Threshold is { } threshold && !(threshold > 0 && threshold <= 100))
        {
            issues.Add(origin.Parameter(AnalyticsParameters.Threshold, "ensure this value is a number above 0 and at most 100 (standard deviations)"));
        }
        var method = ForecastMethod.Auto;
        if (request.Method is { } methodName)
        {
            var index = Array.IndexOf(AnalyticsParameters.Methods, methodName.Trim().ToLowerInvariant());
            if (index < 0)
            {
                issues.Add(origin.Parameter(AnalyticsParameters.Method, $"unknown method '{TextClip.Clip(methodName, 20)}'; valid: {string.Join(", ", AnalyticsParameters.Methods)}", "enum"));
            }
            method = (ForecastMethod)Math.Max(0, index);
        }
        if (issues.Count > 0 || rows.Spec is null || measure is null || time is null)
        {
            return (null, issues);
        }
        return (new AnalyticsSpec
        {
            Rows = rows.Spec,
            Measure = measure,
            Time = time,
            Series = series,
            SeriesInferred = inferred,
            Bucket = bucket,
            Function = function,
            Window = request.Window ?? AnalyticsLimits.DefaultWindow,
            Threshold = request.Threshold ?? AnalyticsLimits.DefaultThreshold,
            AllPoints = request.AllPoints,
            Horizon = request.Horizon ?? AnalyticsLimits.DefaultHorizon,
            Method = method,
        }, issues);
    }

    /// <summary>Numeric columns that measure something: not the id column and not another record's id (<c>*_id</c>).</summary>
    public static IEnumerable<Column> Measures(SourceSnapshot snapshot) => snapshot.Table.Columns.Where(c =>
        c.Type is ColumnType.Int64 or ColumnType.Double && c != snapshot.IdColumn && c.Name != "id" && !c.Name.EndsWith("_id", StringComparison.Ordinal));

    private static Column? BindMeasure(SourceSnapshot snapshot, string? name, RequestOrigin origin, List<ValidationIssue> issues)
    {
        var measures = Measures(snapshot).ToList();
        var valid = measures.Count == 0 ? "it has no numeric column" : "measures: " + string.Join(", ", measures.Select(c => c.Name));
        if (name is null)
        {
            if (measures.Count == 1)
            {
                return measures[0];
            }
            issues.Add(origin.Parameter(AnalyticsParameters.Measure, measures.Count == 0 ? $"source '{snapshot.Name}' has no numeric column to measure" : $"name the column to measure; {valid}", "missing"));
            return null;
        }
        if (snapshot.Table.Find(name.Trim()) is { Type: ColumnType.Int64 or ColumnType.Double } column)
        {
            return column;
        }
        issues.Add(origin.Parameter(AnalyticsParameters.Measure, $"'{TextClip.Clip(name, 40)}' is not a numeric column of '{snapshot.Name}'; {valid}"));
        return null;
    }

    private static (Column? Series, bool Inferred) BindSeries(SourceSnapshot snapshot, string? name, RequestOrigin origin, List<ValidationIssue> issues)
    {
        if (name is null)
        {
            return (InferSeries(snapshot), true);
        }
        if (name.Trim().Equals(AnalyticsParameters.NoSeries, StringComparison.OrdinalIgnoreCase) || name.Trim().Length == 0)
        {
            return (null, false);
        }
        if (snapshot.Table.Find(name.Trim()) is { Type: ColumnType.String or ColumnType.Int64 or ColumnType.Boolean } column)
        {
            return (column, false);
        }
        var valid = string.Join(", ", snapshot.Table.Columns.Where(c => c.Type is ColumnType.String or ColumnType.Int64 or ColumnType.Boolean).Select(c => c.Name));
        issues.Add(origin.Parameter(AnalyticsParameters.Series, $"'{TextClip.Clip(name, 40)}' cannot split series; use a text, integer or boolean column ({valid}) or none"));
        return (null, false);
    }

    /// <summary>
    /// A text column with 2 to 25 values, when the time column repeats: several series share the timeline, and
    /// mixing them would average daily users with error rates.
    /// </summary>
    public static Column? InferSeries(SourceSnapshot snapshot)
    {
        if (snapshot.TimeColumn is not { } time || !time.HasRepeats)
        {
            return null;
        }
        return snapshot.Table.Columns
            .Where(c => c is DictionaryStringColumn && c.DistinctCount is >= 2 and <= AnalyticsLimits.MaxInferredSeries)
            .OrderBy(c => c.DistinctCount)
            .FirstOrDefault();
    }

    private static TimeBucket? BindBucket(SourceSnapshot snapshot, string? text, TimeBucket? defaultBucket, RequestOrigin origin, List<ValidationIssue> issues)
    {
        if (text is null || text.Trim().Length == 0)
        {
            return defaultBucket;
        }
        if (text.Trim().Equals(AnalyticsParameters.Auto, StringComparison.OrdinalIgnoreCase))
        {
            return snapshot.TimeColumn is { } time ? TimeBuckets.ForGap(MedianGap(time)) : null;
        }
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (TimeBuckets.TryParse(text, out var bucket))
        {
            return bucket;
        }
        issues.Add(origin.Parameter(AnalyticsParameters.Bucket, $"unknown bucket '{TextClip.Clip(text, 20)}'; valid: {string.Join(", ", TimeBuckets.Names)}, auto or none", "enum"));
        return null;
    }

    /// <summary>
    /// The typical spacing of distinct timestamps, from the first 4,096 rows that have one: files are written in time
    /// order far more often than not, and that many rows tell minutes from days.
    /// </summary>
    public static long MedianGap(TimestampColumn time)
    {
        var values = time.Values;
        var sample = new List<long>();
        for (var row = 0; row < values.Length && sample.Count < 4_096; row++)
        {
            if (!time.IsNull(row))
            {
                sample.Add(values[row]);
            }
        }
        sample.Sort();
        var gaps = new List<long>();
        for (var i = 1; i < sample.Count; i++)
        {
            if (sample[i] != sample[i - 1])
            {
                gaps.Add(sample[i] - sample[i - 1]);
            }
        }
        if (gaps.Count == 0)
        {
            return TimeBuckets.MillisecondsPerDay;
        }
        gaps.Sort();
        return gaps[gaps.Count / 2];
    }

    private static void Check(int? value, int min, int max, string name, RequestOrigin origin, List<ValidationIssue> issues)
    {
        if (value is { } number && (number < min || number > max))
        {
            issues.Add(origin.Parameter(name, $"ensure this value is an integer from {min} to {max}", "value_error"));
        }
    }
}
