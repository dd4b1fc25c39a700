using Udc.Engine.Catalog;

namespace Udc.Engine.Analytics;

/// <summary>The four questions about numbers over time, each from one read of the series.</summary>
internal static class Analyses
{
    /// <summary>Each series' newest point (or bucket) and the one before it: raw points keep only those two per series.</summary>
    public static LatestReport Latest(SourceSnapshot snapshot, AnalyticsSpec spec) =>
        new(snapshot, spec, spec.Bucket is null ? SeriesReader.ReadNewest(snapshot, spec) : SeriesReader.Read(snapshot, spec));

    public static TrendReport Trend(SourceSnapshot snapshot, AnalyticsSpec spec)
    {
        var set = SeriesReader.Read(snapshot, spec);
        return new TrendReport(snapshot, spec, set, [.. set.Items.Select(s => TrendAnalysis.Describe(s, spec.Bucket!.Value, spec.Measure.Name))]);
    }

    public static AnomalyReport Anomalies(SourceSnapshot snapshot, AnalyticsSpec spec)
    {
        var set = SeriesReader.Read(snapshot, spec);
        var points = new List<ScoredPoint>();
        var scored = 0;
        var flagged = new int[set.Items.Count];
        for (var s = 0; s < set.Items.Count; s++)
        {
            var series = set.Items[s];
            var rolling = new RollingZScore(spec.Window);
            for (var i = 0; i < series.Length; i++)
            {
                if (!rolling.Next(series.Values, i, out var mean, out var deviation, out var score))
                {
                    continue;
                }
                scored++;
                var anomaly = Math.Abs(score) > spec.Threshold;
                if (anomaly)
                {
                    flagged[s]++;
                }
                if (anomaly || spec.AllPoints)
                {
                    points.Add(new ScoredPoint(s, i, mean, deviation, score, anomaly));
                }
            }
        }
        return new AnomalyReport(snapshot, spec, set, points, scored, flagged);
    }

    public static ForecastReport Forecast(SourceSnapshot snapshot, AnalyticsSpec spec)
    {
        var set = SeriesReader.Read(snapshot, spec);
        return new ForecastReport(snapshot, spec, set, [.. set.Items.Select(s => Forecaster.Run(s, spec.Bucket!.Value, spec.Horizon, spec.Method))]);
    }
}

internal sealed record LatestReport(SourceSnapshot Snapshot, AnalyticsSpec Spec, SeriesSet Set);

internal sealed record TrendReport(SourceSnapshot Snapshot, AnalyticsSpec Spec, SeriesSet Set, IReadOnlyList<SeriesTrend> Trends);

/// <param name="SeriesIndex">Which series of the set.</param>
/// <param name="Index">Which point of the series.</param>
internal sealed record ScoredPoint(int SeriesIndex, int Index, double Mean, double Deviation, double Score, bool Anomaly);

/// <param name="Points">The flagged points (every scored point when all were asked for), series by series in time order.</param>
/// <param name="Flagged">Flagged points per series.</param>
internal sealed record AnomalyReport(SourceSnapshot Snapshot, AnalyticsSpec Spec, SeriesSet Set, IReadOnlyList<ScoredPoint> Points, int Scored, int[] Flagged);

internal sealed record ForecastReport(SourceSnapshot Snapshot, AnalyticsSpec Spec, SeriesSet Set, IReadOnlyList<ForecastResult> Forecasts);
