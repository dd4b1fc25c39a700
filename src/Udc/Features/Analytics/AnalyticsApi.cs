using Udc.Access;
using Udc.Caching;
using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Features.Data;
using Udc.Hosting;
using Udc.Reading;

namespace Udc.Features.Analytics;

/// <summary>
/// <c>/analytics/{source}/…</c>: numbers over time for any source with a timestamp column and a numeric measure.
/// Every route takes <c>/data</c>'s filters, dates and version, and <c>measure</c>, <c>series</c>, <c>bucket</c> and
/// <c>function</c>; each answers in <c>/data</c>'s shape with <c>voice_context</c> and freshness, cached like it.
/// </summary>
internal static class AnalyticsApi
{
    /// <summary>Page-shaping parameters of <c>/data</c> that do not apply here, refused rather than ignored.</summary>
    private static readonly string[] s_notForAnalytics = [QueryParameters.Page, QueryParameters.PageSize, QueryParameters.Stream, QueryParameters.Sort, QueryParameters.Fields];

    private static readonly HashSet<string> s_parameters =
    [
        AnalyticsParameters.Measure, AnalyticsParameters.Series, AnalyticsParameters.Bucket, AnalyticsParameters.Function,
        AnalyticsParameters.Window, AnalyticsParameters.Threshold, AnalyticsParameters.Points, AnalyticsParameters.Horizon, AnalyticsParameters.Method,
    ];

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup("/analytics").RequireSourceAccess();
        analytics.MapGet("/{source}/latest", (string source, HttpContext context, SourceResolver sources, TimeProvider time) =>
            Run(source, context, sources, time, null, (snapshot, spec, now) =>
            {
                var report = Analyses.Latest(snapshot, spec);
                return writer => AnalyticsResponse.WriteLatest(writer, report, 0, report.Set.Items.Count, now, RowWriter.Unbounded, null);
            })).CacheResponses(CacheKind.Analytics);
        analytics.MapGet("/{source}/trend", (string source, HttpContext context, SourceResolver sources, TimeProvider time) =>
            Run(source, context, sources, time, AutoBucket, (snapshot, spec, now) =>
            {
                var report = Analyses.Trend(snapshot, spec);
                return writer => AnalyticsResponse.WriteTrend(writer, report, 0, AnalyticsResponse.TrendItems(report), now, RowWriter.Unbounded, null);
            })).CacheResponses(CacheKind.Analytics);
        analytics.MapGet("/{source}/anomalies", (string source, HttpContext context, SourceResolver sources, TimeProvider time) =>
            Run(source, context, sources, time, null, (snapshot, spec, now) =>
            {
                var report = Analyses.Anomalies(snapshot, spec);
                var count = Math.Min(report.Points.Count, MaxPoints);
                return writer => AnalyticsResponse.WriteAnomalies(writer, report, report.Points.Count - count, count, now, RowWriter.Unbounded, null);
            })).CacheResponses(CacheKind.Analytics);
        analytics.MapGet("/{source}/forecast", (string source, HttpContext context, SourceResolver sources, TimeProvider time) =>
            Run(source, context, sources, time, AutoBucket, (snapshot, spec, now) =>
            {
                var report = Analyses.Forecast(snapshot, spec);
                return writer => AnalyticsResponse.WriteForecast(writer, report, 0, AnalyticsResponse.ForecastItems(report), now, RowWriter.Unbounded, null);
            })).CacheResponses(CacheKind.Analytics);
        return app;
    }

    /// <summary>An anomalies body lists at most the newest 10,000 points: every point of a long series is a download, not an answer.</summary>
    public const int MaxPoints = 10_000;

    /// <summary>Trend and forecast cut the series into buckets: by default the width that suits the data's spacing.</summary>
    private const string AutoBucket = AnalyticsParameters.Auto;

    private static IResult Run(string source, HttpContext context, SourceResolver sources, TimeProvider time, string? defaultBucket,
        Func<SourceSnapshot, AnalyticsSpec, DateTimeOffset, Action<System.Text.Json.Utf8JsonWriter>> run)
    {
        var query = context.Request.Query;
        var issues = new List<ValidationIssue>();
        var rows = QueryStringRequest.Read(query, s_parameters, issues);
        var request = Read(query, rows, issues) with { Bucket = query.TryGetValue(AnalyticsParameters.Bucket, out var b) ? b.ToString() : defaultBucket };
        if (!sources.TryResolve(source, SourceAccess.IdentityOf(context), DataApi.SourceLocation, rows, RequestOrigin.QueryString, out var snapshot, out var error))
        {
            return ApiError.From(error);
        }
        var notHere = s_notForAnalytics.Where(query.ContainsKey).ToList();
        if (notHere.Count > 0)
        {
            return ApiError.Validation([.. notHere.Select(name => ValidationIssue.Query(name, $"{name} does not apply to analytics: every series is returned, in time order", "extra_forbidden"))]);
        }
        var (spec, specIssues) = AnalyticsBinder.Bind(snapshot, request, RequestOrigin.QueryString, null, issues);
        if (spec is null)
        {
            return ApiError.Validation(specIssues);
        }
        return new JsonResponse(StatusCodes.Status200OK, run(snapshot, spec, time.GetUtcNow()));
    }

    /// <summary>The analytics parameters of a query string; malformed numbers are issues at their names.</summary>
    private static AnalyticsRequest Read(IQueryCollection query, DataRequest rows, List<ValidationIssue> issues)
    {
        string? Text(string name) => query.TryGetValue(name, out var values) ? values.ToString().Trim() : null;
        int? Whole(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }
            if (RequestValues.ParseInteger(text) is { } number)
            {
                return number;
            }
            issues.Add(ValidationIssue.Query(name, RequestValues.NotAnInteger(text), "int_parsing"));
            return null;
        }
        double? threshold = null;
        if (Text(AnalyticsParameters.Threshold) is { } thresholdText)
        {
            if (double.TryParse(thresholdText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                threshold = value;
            }
            else
            {
                issues.Add(ValidationIssue.Query(AnalyticsParameters.Threshold, $"'{TextClip.Clip(thresholdText, 40)}' is not a number", "float_parsing"));
            }
        }
        var points = Text(AnalyticsParameters.Points);
        if (points is not null and not "all" and not "anomalies")
        {
            issues.Add(ValidationIssue.Query(AnalyticsParameters.Points, "use anomalies (the flagged points, the default) or all (every scored point)", "enum"));
        }
        return new AnalyticsRequest
        {
            Rows = rows,
            Measure = Text(AnalyticsParameters.Measure),
            Series = Text(AnalyticsParameters.Series),
            Function = Text(AnalyticsParameters.Function),
            Window = Whole(AnalyticsParameters.Window),
            Threshold = threshold,
            AllPoints = points == "all",
            Horizon = Whole(AnalyticsParameters.Horizon),
            Method = Text(AnalyticsParameters.Method),
        };
    }
}
