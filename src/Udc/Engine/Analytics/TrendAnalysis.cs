using Udc.Engine.Columns;
using Udc.Engine.Describe;

namespace Udc.Engine.Analytics;

/// <summary>
/// A bucketed series read as a person would: its latest bucket, the change from the bucket just before it (none when
/// that bucket is empty), the direction, and the slope of a line through all buckets.
/// </summary>
internal static class TrendAnalysis
{
    /// <summary>A change within half a percent of the previous value is flat: noise, not a movement worth saying.</summary>
    public const double FlatPercent = 0.5;

    public static SeriesTrend Describe(Series series, TimeBucket bucket, string measureName)
    {
        var last = series.Length - 1;
        var latest = series.Values[last];
        double? previous = series.Length > 1 && series.Times[last - 1] == TimeBuckets.Add(series.Times[last], bucket, -1) ? series.Values[last - 1] : null;
        double? change = previous is { } before ? latest - before : null;
        double? percent = previous is { } p && p != 0 ? 100 * (latest - p) / Math.Abs(p) : null;
        var flat = percent is { } pct ? Math.Abs(pct) <= FlatPercent : change == 0;
        var direction = change switch
        {
            null => "unknown",
            _ when flat => "flat",
            > 0 => "up",
            _ => "down",
        };
        double? slope = null;
        if (series.Length >= 2)
        {
            var positions = new double[series.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] = TimeBuckets.Steps(series.Times[0], series.Times[i], bucket);
            }
            slope = LinearTrend.Fit(positions, series.Values).Slope;
        }
        var name = series.Key is { } key ? Spoken.Words(SpokenText.Safe(key)) : Spoken.Words(measureName);
        return new SeriesTrend(series, latest, previous, change, percent, direction, slope, Summary(name, bucket, series.Times[last], latest, previous, percent, direction));
    }

    /// <summary>"Daily active users rose 12% week over week to 1,480."</summary>
    private static string Summary(string name, TimeBucket bucket, long lastStart, double latest, double? previous, double? percent, string direction)
    {
        var subject = char.ToUpperInvariant(name[0]) + name[1..];
        var value = Spoken.Number(Math.Round(latest, Math.Abs(latest) >= 100 ? 0 : 4));
        var period = bucket switch
        {
            TimeBucket.Hour => $"the hour from {TimestampColumn.ToDateTime(lastStart):HH:mm} on {Spoken.Date(TimestampColumn.ToDateTime(lastStart))}",
            TimeBucket.Day => Spoken.Date(TimestampColumn.ToDateTime(lastStart)),
            _ => $"the {bucket.Name()} of {Spoken.Date(TimestampColumn.ToDateTime(lastStart))}",
        };
        if (previous is null)
        {
            return $"{subject} was {value} in {period}; the {bucket.Name()} before has no data.";
        }
        var amount = percent is { } pct ? $"{Spoken.Number(Math.Round(Math.Abs(pct), Math.Abs(pct) >= 10 ? 0 : 1))}%" : $"by {Spoken.Number(Math.Abs(latest - previous.Value))}";
        return direction switch
        {
            "up" => $"{subject} rose {amount} {bucket.OverPrevious()} to {value}.",
            "down" => $"{subject} fell {amount} {bucket.OverPrevious()} to {value}.",
            _ => $"{subject} held steady {bucket.OverPrevious()} at {value}.",
        };
    }
}

/// <param name="Percent">The change as a percentage of the previous bucket; null when that is missing or zero.</param>
/// <param name="Slope">The change per bucket of a least-squares line through every bucket.</param>
internal sealed record SeriesTrend(Series Series, double Latest, double? Previous, double? Change, double? Percent, string Direction, double? Slope, string Summary);
