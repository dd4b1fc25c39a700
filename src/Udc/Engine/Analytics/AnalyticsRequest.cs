using Udc.Engine.Query;

namespace Udc.Engine.Analytics;

/// <summary>
/// A question about a source's numbers over time, as any surface states it (a query string, a tool call, SQL-free):
/// which rows (the <see cref="Rows"/> of <c>/data</c>: filters, dates, version), which measure, split into which
/// series, cut into which buckets, and the parameters of the operation. <see cref="AnalyticsBinder"/> checks it.
/// </summary>
internal sealed record AnalyticsRequest
{
    public DataRequest Rows { get; init; } = DataRequest.Empty;

    /// <summary>The numeric column measured; null for the source's only measure.</summary>
    public string? Measure { get; init; }

    /// <summary>The column whose values split the rows into series (<c>metric</c>); null to infer it, <c>none</c> for one series.</summary>
    public string? Series { get; init; }

    /// <summary><c>hour</c>, <c>day</c>, <c>week</c>, <c>month</c> or <c>auto</c>; null for the operation's default.</summary>
    public string? Bucket { get; init; }

    /// <summary>How a bucket's points become one value: <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c>, <c>count</c>.</summary>
    public string? Function { get; init; }

    /// <summary>Anomalies: how many earlier points each point is compared with.</summary>
    public int? Window { get; init; }

    /// <summary>Anomalies: the |z-score| above which a point is flagged.</summary>
    public double? Threshold { get; init; }

    /// <summary>Anomalies: every scored point rather than the flagged ones only.</summary>
    public bool AllPoints { get; init; }

    /// <summary>Forecast: buckets ahead.</summary>
    public int? Horizon { get; init; }

    /// <summary>Forecast: <c>auto</c>, <c>linear</c> or <c>holt_winters</c>.</summary>
    public string? Method { get; init; }
}

/// <summary>The parameter names of analytics requests, shared by every surface.</summary>
internal static class AnalyticsParameters
{
    public const string Measure = "measure";
    public const string Series = "series";
    public const string Bucket = "bucket";
    public const string Function = "function";
    public const string Window = "window";
    public const string Threshold = "threshold";
    public const string Points = "points";
    public const string Horizon = "horizon";
    public const string Method = "method";

    /// <summary>Written for <see cref="Series"/> to ask for one series even where one would be inferred.</summary>
    public const string NoSeries = "none";

    public const string Auto = "auto";

    public static readonly string[] Functions = ["avg", "sum", "min", "max", "count"];

    public static readonly string[] Methods = [Auto, "linear", "holt_winters"];
}
