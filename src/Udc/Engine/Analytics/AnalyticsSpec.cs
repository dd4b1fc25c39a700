using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Analytics;

/// <summary>A checked <see cref="AnalyticsRequest"/>: columns resolved, parameters within bounds.</summary>
internal sealed record AnalyticsSpec
{
    public required QuerySpec Rows { get; init; }

    /// <summary>An int64 or double column.</summary>
    public required Column Measure { get; init; }

    public required TimestampColumn Time { get; init; }

    public Column? Series { get; init; }

    /// <summary>True when <see cref="Series"/> was inferred rather than named.</summary>
    public bool SeriesInferred { get; init; }

    /// <summary>Null for raw points.</summary>
    public TimeBucket? Bucket { get; init; }

    public MetricKind Function { get; init; } = MetricKind.Avg;

    public int Window { get; init; } = AnalyticsLimits.DefaultWindow;

    public double Threshold { get; init; } = AnalyticsLimits.DefaultThreshold;

    public bool AllPoints { get; init; }

    public int Horizon { get; init; } = AnalyticsLimits.DefaultHorizon;

    public ForecastMethod Method { get; init; } = ForecastMethod.Auto;
}

internal enum ForecastMethod
{
    Auto,
    Linear,
    HoltWinters,
}

/// <summary>The defaults and bounds of analytics parameters, with the reason for each.</summary>
internal static class AnalyticsLimits
{
    /// <summary>A month of daily points: long enough for a stable spread, short enough to follow a level that moves.</summary>
    public const int DefaultWindow = 30;

    public const int MaxWindow = 10_000;

    /// <summary>The seed's threshold: two standard deviations.</summary>
    public const double DefaultThreshold = 2.0;

    /// <summary>A point needs this many earlier points before it is scored: the spread of two points says little.</summary>
    public const int MinScoredHistory = 3;

    /// <summary>A week of daily buckets.</summary>
    public const int DefaultHorizon = 7;

    /// <summary>A forecast past a thousand buckets is a guess, not a forecast.</summary>
    public const int MaxHorizon = 1_000;

    /// <summary>Series beyond this many are not computed: a question about more is one for filters or SQL.</summary>
    public const int MaxSeries = 100;

    /// <summary>A series is split by a column with at most this many values (the listed values of describe_source).</summary>
    public const int MaxInferredSeries = 25;
}
