using System.Text.Json;
using Udc.Engine.Analytics;
using Udc.Engine.Columns;
using Udc.Engine.Describe;

namespace Udc.Features.Analytics;

internal static partial class AnalyticsResponse
{
    /// <summary>A listener keeps about three dates in mind; the others are counted.</summary>
    private const int MaxSpokenAnomalies = 3;

    public static void WriteAnomalies(Utf8JsonWriter writer, AnomalyReport report, int skip, int count, DateTimeOffset now, int maxTextBytes, Action<Utf8JsonWriter>? extraMetadata)
    {
        var spec = report.Spec;
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        for (var i = skip; i < skip + count; i++)
        {
            var point = report.Points[i];
            var series = report.Set.Items[point.SeriesIndex];
            writer.WriteStartObject();
            WriteSeriesKey(writer, spec, series, maxTextBytes);
            WriteTime(writer, spec, series.Times[point.Index]);
            writer.WriteNumber("value"u8, series.Values[point.Index]);
            writer.WriteNumber("mean"u8, point.Mean);
            writer.WriteNumber("stddev"u8, point.Deviation);
            writer.WriteNumber("z_score"u8, point.Score);
            writer.WriteBoolean("anomaly"u8, point.Anomaly);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("metadata"u8);
        writer.WriteNumber("window"u8, spec.Window);
        writer.WriteNumber("threshold"u8, spec.Threshold);
        writer.WriteNumber("points"u8, report.Set.Items.Sum(s => s.Length));
        writer.WriteNumber("scored_points"u8, report.Scored);
        writer.WriteNumber("anomalies"u8, report.Flagged.Sum());
        writer.WriteStartArray("series"u8);
        for (var s = 0; s < report.Set.Items.Count; s++)
        {
            writer.WriteStartObject();
            WriteSeriesKey(writer, spec, report.Set.Items[s], maxTextBytes);
            writer.WriteNumber("points"u8, report.Set.Items[s].Length);
            writer.WriteNumber("anomalies"u8, report.Flagged[s]);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WriteCommonMetadata(writer, report.Snapshot, spec, report.Set, count, AnomalyVoice(report), now);
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>"2 unusual points in error rate: 0.052 on March 14, 2024 (3.1 standard deviations above the mean of the 30 before) and …"</summary>
    private static string AnomalyVoice(AnomalyReport report)
    {
        var spec = report.Spec;
        var flagged = report.Points.Where(p => p.Anomaly).ToList();
        var scope = report.Set.Items.Count == 1 ? $" in {SpokenName(spec, report.Set.Items[0])}" : "";
        if (flagged.Count == 0)
        {
            return report.Scored == 0
                ? $"Not enough points{scope} to judge: each needs at least {AnalyticsLimits.MinScoredHistory} earlier ones."
                : $"Nothing unusual{scope}: none of {Spoken.Number(report.Scored)} points is more than {Spoken.Number(spec.Threshold)} standard deviations from the {spec.Window} before it.";
        }
        var parts = flagged.OrderByDescending(p => Math.Abs(p.Score)).Take(MaxSpokenAnomalies).Select(p =>
        {
            var series = report.Set.Items[p.SeriesIndex];
            var what = report.Set.Items.Count == 1 ? "" : SpokenName(spec, series) + " ";
            var value = series.Values[p.Index];
            var when = Spoken.Date(TimestampColumn.ToDateTime(series.Times[p.Index]));
            return $"{what}{Spoken.Number(Math.Round(value, Math.Abs(value) >= 100 ? 0 : 4))} on {when} ({Spoken.Number(Math.Round(Math.Abs(p.Score), 1))} standard deviations {(p.Score > 0 ? "above" : "below")} the mean)";
        }).ToList();
        var more = flagged.Count - parts.Count;
        var list = Spoken.JoinAlternatives(parts).Replace(" or ", " and ", StringComparison.Ordinal);
        return $"{Spoken.Number(flagged.Count)} unusual {(flagged.Count == 1 ? "point" : "points")}{scope}: {list}{(more > 0 ? $", and {more} more" : "")}.";
    }
}
