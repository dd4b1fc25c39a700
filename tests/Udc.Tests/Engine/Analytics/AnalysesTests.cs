using System.Globalization;
using Udc.Engine.Analytics;
using Udc.Engine.Query;

namespace Udc.Tests.Engine.Analytics;

/// <summary>Trend, anomalies, latest and forecast over a source with gaps, nulls, duplicates and a series of one point.</summary>
public sealed class AnalysesTests : IDisposable
{
    private sealed record Point(string Metric, DateTime Date, double? Value);

    private readonly List<Point> _points;
    private readonly SeriesFixture _fixture;

    public AnalysesTests()
    {
        var random = new Random(7);
        _points = [];
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var day = 0; day < 90; day++)
        {
            // Gaps: no "users" rows on days divisible by 11; a null value every 13th day; a duplicate every 17th.
            if (day % 11 != 0)
            {
                _points.Add(new Point("users", start.AddDays(day), day % 13 == 0 ? null : 1_000 + 5 * day + random.Next(0, 50)));
            }
            if (day % 17 == 0)
            {
                _points.Add(new Point("users", start.AddDays(day), 2_000));
            }
            _points.Add(new Point("errors", start.AddDays(day), Math.Round(0.02 + random.NextDouble() / 100, 4)));
        }
        _points.Add(new Point("lonely", start.AddDays(45), 7));
        // Rows out of time order: the reader must sort them.
        _points.Reverse(10, 40);
        var json = SeriesFixture.Json(_points.Select(p => (IReadOnlyList<(string, object?)>)
            [("metric", p.Metric), ("date", p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("value", p.Value)]));
        _fixture = new SeriesFixture(json);
    }

    public void Dispose() => _fixture.Dispose();

    private static long Ms(DateTime date) => new DateTimeOffset(date, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Bind_NoSeriesNamed_InfersTheMetricColumn()
    {
        var spec = _fixture.Spec(new AnalyticsRequest());
        Assert.Equal("metric", spec.Series?.Name);
        Assert.True(spec.SeriesInferred);
        Assert.Equal("value", spec.Measure.Name);
    }

    [Theory]
    [InlineData("week", "avg")]
    [InlineData("week", "sum")]
    [InlineData("month", "max")]
    [InlineData("day", "count")]
    public void Trend_Buckets_MatchGroupingDoneHere(string bucketName, string function)
    {
        Assert.True(TimeBuckets.TryParse(bucketName, out var bucket));
        var spec = _fixture.Spec(new AnalyticsRequest { Bucket = bucket.Name(), Function = function });

        var report = Analyses.Trend(_fixture.Snapshot, spec);

        foreach (var series in report.Set.Items)
        {
            var rows = _points.Where(p => p.Metric == series.Key).ToList();
            var expected = rows
                .GroupBy(p => TimeBuckets.Start(Ms(p.Date), bucket))
                .Select(g => (Start: g.Key, Values: g.Select(p => p.Value).ToList()))
                .Where(g => function == "count" || g.Values.Any(v => v is not null))
                .OrderBy(g => g.Start)
                .Select(g => (g.Start, Value: function switch
                {
                    "avg" => g.Values.OfType<double>().Average(),
                    "sum" => g.Values.OfType<double>().Sum(),
                    "max" => g.Values.OfType<double>().Max(),
                    _ => g.Values.Count,
                }))
                .ToList();
            Assert.Equal(expected.Select(e => e.Start), series.Times);
            Assert.Equal(expected.Select(e => e.Value), series.Values, (a, b) => Math.Abs(a - b) < 1e-9 * Math.Max(1, Math.Abs(a)));
        }
        Assert.Equal(["errors", "lonely", "users"], report.Set.Items.Select(s => s.Key));
    }

    [Fact]
    public void Trend_ChangeOverPreviousWeek_PercentAndDirectionFromTheLastTwoBuckets()
    {
        var spec = _fixture.Spec(new AnalyticsRequest { Bucket = "week", Rows = new DataRequest { Filters = [new FilterTerm("metric", "users")] } });

        var trend = Analyses.Trend(_fixture.Snapshot, spec).Trends.Single();

        var values = trend.Series.Values;
        var expected = 100 * (values[^1] - values[^2]) / Math.Abs(values[^2]);
        Assert.Equal(expected, trend.Percent!.Value, 1e-9);
        Assert.Equal(expected > 0.5 ? "up" : expected < -0.5 ? "down" : "flat", trend.Direction);
        Assert.Contains("week over week", trend.Summary, StringComparison.Ordinal);
        Assert.StartsWith("Users ", trend.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Trend_OnePoint_NoPreviousAndSaysSo()
    {
        var spec = _fixture.Spec(new AnalyticsRequest { Bucket = "day", Rows = new DataRequest { Filters = [new FilterTerm("metric", "lonely")] } });

        var trend = Analyses.Trend(_fixture.Snapshot, spec).Trends.Single();

        Assert.Equal(7, trend.Latest);
        Assert.Null(trend.Previous);
        Assert.Equal("unknown", trend.Direction);
        Assert.Contains("has no data", trend.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Anomalies_RawPoints_ScoresMatchNaiveWindowPerSeriesInTimeOrder()
    {
        var spec = _fixture.Spec(new AnalyticsRequest { Window = 10, Threshold = 1.5, AllPoints = true });

        var report = Analyses.Anomalies(_fixture.Snapshot, spec);

        foreach (var group in report.Points.GroupBy(p => p.SeriesIndex))
        {
            var series = report.Set.Items[group.Key];
            // Nulls are skipped; duplicates stay, in file order; the rest in time order.
            var values = _points.Select((p, i) => (p, i)).Where(x => x.p.Metric == series.Key && x.p.Value is not null)
                .OrderBy(x => x.p.Date).ThenBy(x => x.i).Select(x => x.p.Value!.Value).ToArray();
            Assert.Equal(values, series.Values);
            foreach (var point in group)
            {
                var window = values[Math.Max(0, point.Index - 10)..point.Index];
                var mean = window.Average();
                var deviation = Math.Sqrt(window.Sum(v => (v - mean) * (v - mean)) / (window.Length - 1));
                Assert.Equal((values[point.Index] - mean) / deviation, point.Score, 1e-6);
                Assert.Equal(Math.Abs(point.Score) > 1.5, point.Anomaly);
            }
        }
        Assert.DoesNotContain(report.Points, p => report.Set.Items[p.SeriesIndex].Key == "lonely");
    }

    [Fact]
    public void Anomalies_Duplicates_AreTheSpikes()
    {
        var spec = _fixture.Spec(new AnalyticsRequest { Window = 20, Rows = new DataRequest { Filters = [new FilterTerm("metric", "users")] } });

        var report = Analyses.Anomalies(_fixture.Snapshot, spec);

        var series = report.Set.Items.Single();
        Assert.NotEmpty(report.Points);
        Assert.All(report.Points, p => Assert.Equal(2_000, series.Values[p.Index]));
    }

    [Fact]
    public void Latest_EachSeries_NewestPointWithThePreviousOne()
    {
        var spec = _fixture.Spec(new AnalyticsRequest());

        var report = Analyses.Latest(_fixture.Snapshot, spec);

        var errors = report.Set.Items.Single(s => s.Key == "errors");
        var expected = _points.Where(p => p.Metric == "errors").OrderBy(p => p.Date).ToList();
        Assert.Equal(expected[^1].Value, errors.Values[^1]);
        Assert.Equal(expected[^2].Value, errors.Values[^2]);
        Assert.Equal(Ms(expected[^1].Date), errors.Times[^1]);
    }

    /// <summary>
    /// Latest keeps only two points per series; they must be the full series' last two: a tie in time goes to the
    /// later row, rows out of order, a series of one point, and rows without a series value as a series of their own.
    /// </summary>
    [Fact]
    public void Latest_TiesUnsortedRowsAndNullSeries_TheFullSeriesLastTwoPoints()
    {
        (string?, string, double?)[] rows =
        [
            ("a", "2024-01-03", 1), ("b", "2024-01-05", 10), ("a", "2024-01-01", 3), (null, "2024-01-02", 4), ("a", "2024-01-03", 2),
            ("a", "2024-01-02", 5), ("c", "2024-01-04", 6), (null, "2024-01-07", 7), ("b", "2024-01-01", null), ("a", "2024-01-02", 8),
        ];
        var json = SeriesFixture.Json(rows.Select(r => (IReadOnlyList<(string, object?)>)[("metric", r.Item1), ("date", r.Item2), ("value", r.Item3)]));
        using var fixture = new SeriesFixture(json, "ties");
        var spec = fixture.Spec(new AnalyticsRequest { Series = "metric" });

        var latest = Analyses.Latest(fixture.Snapshot, spec).Set;

        Assert.Equal(["a", "b", "c", null], latest.Items.Select(s => s.Key));
        Assert.Equal([1.0, 2.0], latest.Items[0].Values);
        Assert.Equal([10.0], latest.Items[1].Values);
        Assert.Equal([6.0], latest.Items[2].Values);
        Assert.Equal([4.0, 7.0], latest.Items[3].Values);
        var full = SeriesReader.Read(fixture.Snapshot, spec);
        Assert.Equal((full.TotalSeries, full.MatchCount), (latest.TotalSeries, latest.MatchCount));
        Assert.All(full.Items.Zip(latest.Items), pair =>
        {
            Assert.Equal(pair.First.Key, pair.Second.Key);
            Assert.Equal(pair.First.Times.TakeLast(2), pair.Second.Times);
            Assert.Equal(pair.First.Values.TakeLast(2), pair.Second.Values);
        });
    }

    /// <summary>Holt-Winters forecasts with the weights it was scored with: those fitted on the series without its held-back tail.</summary>
    [Fact]
    public void Forecast_HoltWinters_WeightsOfTheFitScoredOnTheTail()
    {
        var values = Enumerable.Range(0, 70).Select(i => 200 + 2.0 * i + 30 * ((i % 7) switch { 5 or 6 => -1, 0 => 1, _ => 0 }) + (i * 37 % 11)).ToArray();
        var json = SeriesFixture.Json(values.Select((v, i) => (IReadOnlyList<(string, object?)>)
            [("date", new DateTime(2024, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("value", v)]));
        using var fixture = new SeriesFixture(json, "weekly");
        var spec = fixture.Spec(new AnalyticsRequest { Bucket = "day", Horizon = 6, Method = "holt_winters" });

        var result = Analyses.Forecast(fixture.Snapshot, spec).Forecasts.Single();

        // Six days held back (the horizon, under a fifth of 70).
        var trained = HoltWinters.Fit(values[..^6], 7);
        var whole = HoltWinters.Fit(values, 7, weightsFrom: trained);
        Assert.Equal(ForecastMethod.HoltWinters, result.Method);
        Assert.Equal((trained.Alpha, trained.Beta, trained.Gamma), (result.Seasonal!.Alpha, result.Seasonal.Beta, result.Seasonal.Gamma));
        Assert.Equal(whole.Predict(1), result.Points[0].Value, 1e-9);
        var tailError = Enumerable.Range(1, 6).Average(h => Math.Abs(values[^(7 - h)] - trained.Predict(h)));
        Assert.Equal(tailError, result.SeasonalError!.Mae, 1e-9);
    }

    [Fact]
    public void Forecast_LinearSeries_LineThroughItAndHoldoutErrorNearZero()
    {
        var json = SeriesFixture.Json(Enumerable.Range(0, 40).Select(i => (IReadOnlyList<(string, object?)>)
            [("date", new DateTime(2024, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("value", 100 + 3 * i)]));
        using var fixture = new SeriesFixture(json, "line");
        var spec = fixture.Spec(new AnalyticsRequest { Bucket = "day", Horizon = 5, Method = "linear" });

        var result = Analyses.Forecast(fixture.Snapshot, spec).Forecasts.Single();

        Assert.Equal(ForecastMethod.Linear, result.Method);
        Assert.Equal(5, result.Points.Count);
        for (var h = 1; h <= 5; h++)
        {
            Assert.Equal(100 + 3 * (39 + h), result.Points[h - 1].Value, 1e-6);
        }
        Assert.Equal(0, result.LinearError!.Mae, 1e-6);
        Assert.Equal(Ms(new DateTime(2024, 2, 10)), result.Points[0].Time);
    }

    [Fact]
    public void Forecast_TooShortForASeason_FallsBackToALineAndSaysWhy()
    {
        var spec = _fixture.Spec(new AnalyticsRequest { Bucket = "week", Method = "holt_winters", Rows = new DataRequest { Filters = [new FilterTerm("metric", "errors")] } });

        var result = Analyses.Forecast(_fixture.Snapshot, spec).Forecasts.Single();

        Assert.Equal(ForecastMethod.Linear, result.Method);
        Assert.Contains("hour or day buckets", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope", null, "measure")]
    [InlineData(null, "nope", "series")]
    public void Bind_UnknownColumns_IssuesNameWhatIsValid(string? measure, string? series, string parameter)
    {
        var issues = _fixture.Issues(new AnalyticsRequest { Measure = measure, Series = series });
        var issue = Assert.Single(issues);
        Assert.Equal(["query", parameter], issue.Loc);
        Assert.Contains(parameter == "measure" ? "value" : "metric", issue.Msg, StringComparison.Ordinal);
    }
}
