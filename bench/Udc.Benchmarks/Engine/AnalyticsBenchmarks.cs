using BenchmarkDotNet.Attributes;
using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Quality;
using Udc.Engine.Query;
using Udc.Engine.Sql;

namespace Udc.Benchmarks.Engine;

/// <summary>
/// Each analytics operation on a 1,000,000-point series (<see cref="AnalyticsSeries"/>), from a bound request to its
/// result, the work a request does after reading its parameters. bench/analytics/run.sh runs these and DuckDB's
/// window-function equivalents (bench/analytics/duckdb.mjs) on the same file in one go.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class AnalyticsBenchmarks
{
    /// <summary>The statement DuckDB runs too: a filter with OR, hourly buckets, HAVING and an order.</summary>
    public const string Sql = "SELECT date_trunc('hour', ts) AS hour, AVG(value) AS mean, COUNT(*) AS n FROM series WHERE value > 140 OR value < 90 GROUP BY hour HAVING COUNT(*) > 5 ORDER BY hour LIMIT 100";

    private SourceSnapshot? _snapshot;
    private AnalyticsSpec? _latest;
    private AnalyticsSpec? _trend;
    private AnalyticsSpec? _anomalies;
    private AnalyticsSpec? _forecast;
    private SqlPlan? _sql;

    private SourceSnapshot Snapshot => _snapshot!;

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = AnalyticsSeries.Load();
        _latest = Bind(new AnalyticsRequest(), null);
        _trend = Bind(new AnalyticsRequest { Bucket = "day" }, null);
        _anomalies = Bind(new AnalyticsRequest { Window = 60 }, null);
        _forecast = Bind(new AnalyticsRequest { Bucket = "hour", Horizon = 24 }, null);
        _sql = SqlCompiler.Compile(SqlParser.Parse(Sql));
    }

    private AnalyticsSpec Bind(AnalyticsRequest request, TimeBucket? bucket) =>
        AnalyticsBinder.Bind(Snapshot, request, RequestOrigin.QueryString, bucket).Spec ?? throw new InvalidOperationException("the series did not bind");

    /// <summary>DuckDB: <c>arg_max(value, ts)</c>.</summary>
    [Benchmark]
    public double Latest() => Analyses.Latest(Snapshot, _latest!).Set.Items[0].Values[^1];

    /// <summary>DuckDB: daily averages by <c>date_trunc</c> and the change from the day before by <c>lag</c>.</summary>
    [Benchmark]
    public double TrendDaily() => Analyses.Trend(Snapshot, _trend!).Trends[0].Latest;

    /// <summary>DuckDB: <c>avg</c> and <c>stddev_samp</c> over <c>ROWS BETWEEN 60 PRECEDING AND 1 PRECEDING</c>, flagged above 2.</summary>
    [Benchmark]
    public int AnomaliesWindow60() => Analyses.Anomalies(Snapshot, _anomalies!).Points.Count;

    /// <summary>DuckDB: hourly averages and <c>regr_slope</c>/<c>regr_intercept</c> (it has no Holt-Winters; UDC fits both and scores them).</summary>
    [Benchmark]
    public double ForecastHourly() => Analyses.Forecast(Snapshot, _forecast!).Forecasts[0].Points[0].Value;

    /// <summary>DuckDB: null counts, the newest time and duplicate rows in one aggregate.</summary>
    [Benchmark]
    public double Quality() => QualityChecker.Check(Snapshot, DateTimeOffset.UtcNow).Scores.Overall;

    /// <summary>The same statement in both.</summary>
    [Benchmark]
    public int SqlHourlyHaving()
    {
        using var result = SqlRunner.Run(Snapshot, _sql!, RequestOrigin.QueryString);
        return result.Count;
    }
}
