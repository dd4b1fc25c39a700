using System.Text.Json;
using Udc.Engine.Analytics;
using Udc.Engine.Columns;
using Udc.Engine.Describe;

namespace Udc.Features.Analytics;

internal static partial class AnalyticsResponse
{
    /// <summary>Items: one per series, its newest point, the point before it and the change.</summary>
    public static void WriteLatest(Utf8JsonWriter writer, LatestReport report, int skip, int count, DateTimeOffset now, int maxTextBytes, Action<Utf8JsonWriter>? extraMetadata)
    {
        var spec = report.Spec;
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        foreach (var series in report.Set.Items.Skip(skip).Take(count))
        {
            writer.WriteStartObject();
            WriteSeriesKey(writer, spec, series, maxTextBytes);
            WriteTime(writer, spec, series.Times[^1]);
            writer.WriteNumber("value"u8, series.Values[^1]);
            WriteNumber(writer, "previous"u8, series.Length > 1 ? series.Values[^2] : null);
            WriteNumber(writer, "change"u8, series.Length > 1 ? series.Values[^1] - series.Values[^2] : null);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("metadata"u8);
        WriteCommonMetadata(writer, report.Snapshot, spec, report.Set, count, LatestVoice(report), now);
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>"Latest: daily active users 2,290 on March 31, 2024; error rate 0.018 on March 31, 2024; …"</summary>
    private static string LatestVoice(LatestReport report)
    {
        if (report.Set.Items.Count == 0)
        {
            return "No values match.";
        }
        var parts = report.Set.Items.Take(5).Select(s =>
            $"{SpokenName(report.Spec, s)} {Round(s.Values[^1])} on {Spoken.Date(TimestampColumn.ToDateTime(s.Times[^1]))}").ToList();
        var rest = report.Set.TotalSeries - parts.Count;
        return $"Latest: {string.Join("; ", parts)}{(rest > 0 ? $"; and {rest} more series" : "")}.";
    }
}
