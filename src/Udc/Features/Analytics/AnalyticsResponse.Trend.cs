using System.Text.Json;
using Udc.Engine.Analytics;

namespace Udc.Features.Analytics;

internal static partial class AnalyticsResponse
{
    /// <summary>A series' spoken summaries are read aloud for the first three series; the rest are counted.</summary>
    private const int MaxSpokenSeries = 3;

    /// <summary>Items: the buckets of every series in order; <paramref name="count"/> of them from <paramref name="skip"/>.</summary>
    public static void WriteTrend(Utf8JsonWriter writer, TrendReport report, int skip, int count, DateTimeOffset now, int maxTextBytes, Action<Utf8JsonWriter>? extraMetadata)
    {
        var spec = report.Spec;
        var valueName = $"{FunctionName(spec.Function)}_{spec.Measure.Name}";
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        var index = 0;
        foreach (var series in report.Set.Items)
        {
            for (var i = 0; i < series.Length; i++, index++)
            {
                if (index < skip || index >= skip + count)
                {
                    continue;
                }
                writer.WriteStartObject();
                WriteSeriesKey(writer, spec, series, maxTextBytes);
                WriteTime(writer, spec, series.Times[i]);
                writer.WriteNumber(valueName, series.Values[i]);
                writer.WriteNumber("count"u8, series.Counts?[i] ?? 1);
                writer.WriteEndObject();
            }
        }
        writer.WriteEndArray();
        writer.WriteStartObject("metadata"u8);
        writer.WriteStartArray("series"u8);
        foreach (var trend in report.Trends)
        {
            writer.WriteStartObject();
            WriteSeriesKey(writer, spec, trend.Series, maxTextBytes);
            writer.WriteNumber("buckets"u8, trend.Series.Length);
            WriteTime(writer, spec, trend.Series.Times[^1]);
            writer.WriteNumber("latest"u8, trend.Latest);
            WriteNumber(writer, "previous"u8, trend.Previous);
            WriteNumber(writer, "change"u8, trend.Change);
            WriteNumber(writer, "change_percent"u8, trend.Percent is { } p ? Math.Round(p, 2) : null);
            writer.WriteString("direction"u8, trend.Direction);
            WriteNumber(writer, "slope_per_bucket"u8, trend.Slope);
            writer.WriteString("summary"u8, trend.Summary);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WriteCommonMetadata(writer, report.Snapshot, spec, report.Set, count, TrendVoice(report), now);
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static int TrendItems(TrendReport report) => report.Set.Items.Sum(s => s.Length);

    private static string TrendVoice(TrendReport report)
    {
        if (report.Trends.Count == 0)
        {
            return $"No {report.Spec.Measure.Name.Replace('_', ' ')} values match, so there is no trend.";
        }
        var spoken = report.Trends.Take(MaxSpokenSeries).Select(t => t.Summary).ToList();
        var rest = report.Set.TotalSeries - spoken.Count;
        return rest > 0 ? $"{string.Join(" ", spoken)} And {rest} more series." : string.Join(" ", spoken);
    }
}
