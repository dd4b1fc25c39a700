using System.Buffers;
using System.Text.Json;
using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Features.Analytics;

namespace Udc.Tools;

internal sealed partial class ToolRunner
{
    /// <summary><c>get_trend</c>: a series in buckets, with each series' latest value, change and summary, as <c>/analytics/{source}/trend</c>.</summary>
    private ValueTask<ToolResult> TrendAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller) =>
        AnalyticsAsync(ToolNames.GetTrend, ToolArguments.SeriesQuery, AnalyticsParameters.Auto, values, caller, (snapshot, spec, budget) =>
        {
            var report = Analyses.Trend(snapshot, spec);
            var total = AnalyticsResponse.TrendItems(report);
            return Fit(snapshot, budget, total, (writer, skip, count, now, extra) => AnalyticsResponse.WriteTrend(writer, report, skip, count, now, budget.MaxTextBytes, extra));
        });

    /// <summary><c>detect_anomalies</c>: the points whose rolling z-score passes the threshold, as <c>/analytics/{source}/anomalies</c>.</summary>
    private ValueTask<ToolResult> AnomaliesAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller) =>
        AnalyticsAsync(ToolNames.DetectAnomalies, ToolArguments.AnomalyQuery, null, values, caller, (snapshot, spec, budget) =>
        {
            var report = Analyses.Anomalies(snapshot, spec);
            return Fit(snapshot, budget, report.Points.Count, (writer, skip, count, now, extra) => AnalyticsResponse.WriteAnomalies(writer, report, skip, count, now, budget.MaxTextBytes, extra));
        });

    /// <summary><c>forecast_series</c>: the next buckets with 95% intervals, the method and its error on a held-back tail.</summary>
    private ValueTask<ToolResult> ForecastAsync(IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller) =>
        AnalyticsAsync(ToolNames.ForecastSeries, ToolArguments.ForecastQuery, AnalyticsParameters.Auto, values, caller, (snapshot, spec, budget) =>
        {
            var report = Analyses.Forecast(snapshot, spec);
            return Fit(snapshot, budget, AnalyticsResponse.ForecastItems(report), (writer, skip, count, now, extra) => AnalyticsResponse.WriteForecast(writer, report, skip, count, now, budget.MaxTextBytes, extra));
        });

    private ValueTask<ToolResult> AnalyticsAsync(string tool, string[] queryArguments, string? defaultBucket, IReadOnlyDictionary<string, JsonElement>? values, ToolCaller caller,
        Func<SourceSnapshot, AnalyticsSpec, OutputBudget, ToolResult> run)
    {
        var call = Begin(tool, values, queryArguments, defaultBudget);
        var request = call.Query.ReadAnalytics();
        request = request with { Bucket = request.Bucket ?? defaultBucket };
        if (call.Issues is { Count: > 0 } issues)
        {
            return ValueTask.FromResult(Invalid(tool, issues));
        }
        if (!sources.TryResolve(call.Source!, caller.Identity, s_sourceLocation, request.Rows, RequestOrigin.ToolArguments, out var snapshot, out var error))
        {
            return ValueTask.FromResult(Error(error));
        }
        return LimitedAndCachedAsync(call, caller, snapshot, () =>
        {
            var (spec, specIssues) = AnalyticsBinder.Bind(snapshot, request, RequestOrigin.ToolArguments, null);
            return spec is null ? Invalid(tool, specIssues) : run(snapshot, spec, call.Budget);
        });
    }

    /// <summary>
    /// Writes as many items as the budget holds, the newest kept: items are in time order, and the latest buckets or
    /// points are what a question about now needs. <c>truncated</c> and <c>rows_omitted</c> say how many older ones
    /// were left out; narrowing start_date brings them back.
    /// </summary>
    private ToolResult Fit(SourceSnapshot snapshot, OutputBudget budget, int total, Action<Utf8JsonWriter, int, int, DateTimeOffset, Action<Utf8JsonWriter>> write)
    {
        var now = time.GetUtcNow();
        var buffer = new ArrayBufferWriter<byte>(4096);
        budget.Fit(buffer, total, (writer, count) => write(writer, total - count, count, now, metadata =>
        {
            metadata.WriteBoolean(ToolNames.Truncated, count < total);
            metadata.WriteNumber("rows_omitted"u8, total - count);
        }));
        return new ToolResult { Json = buffer.WrittenSpan.ToArray(), Snapshot = snapshot };
    }
}
