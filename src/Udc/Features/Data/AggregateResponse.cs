using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Engine.Describe;
using Udc.Engine.Query.Aggregation;

namespace Udc.Features.Data;

/// <summary>Grouped results: one object per group with its key columns and metrics, then the metadata.</summary>
internal static class AggregateResponse
{
    public static void Write(Utf8JsonWriter writer, AggregateResult result, DateTimeOffset now) =>
        Write(writer, result, 0, result.Groups.Count, now, extraMetadata: null);

    /// <summary>Writes <paramref name="count"/> groups from <paramref name="skip"/>, largest first.</summary>
    /// <param name="skip">Groups left out at the start: a cursor continues after the groups already returned.</param>
    /// <param name="extraMetadata">Fields a transport adds to the metadata (MCP's <c>next_cursor</c>).</param>
    public static void Write(Utf8JsonWriter writer, AggregateResult result, int skip, int count, DateTimeOffset now, Action<Utf8JsonWriter>? extraMetadata)
    {
        var spec = result.Spec;
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        for (var i = skip; i < skip + count; i++)
        {
            var group = result.Groups[i];
            writer.WriteStartObject();
            foreach (var column in spec.GroupBy)
            {
                writer.WritePropertyName(column.EncodedName);
                column.WriteJson(writer, group.KeyRow);
            }
            for (var m = 0; m < spec.Metrics.Count; m++)
            {
                WriteMetric(writer, spec.Metrics[m], group.Values[m]);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        writer.WriteStartObject("metadata"u8);
        writer.WriteNumber("total_results"u8, result.MatchCount);
        writer.WriteNumber("returned_results"u8, count);
        writer.WriteNumber("total_groups"u8, result.TotalGroups);
        writer.WriteBoolean("truncated"u8, skip + count < result.TotalGroups);
        writer.WriteStartArray("group_by"u8);
        foreach (var column in spec.GroupBy)
        {
            writer.WriteStringValue(column.Name);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("metrics"u8);
        foreach (var metric in spec.Metrics)
        {
            writer.WriteStringValue(metric.Spec);
        }
        writer.WriteEndArray();
        MetadataWriter.WriteFreshness(writer, result.Snapshot, now);
        writer.WriteString("voice_context"u8, AggregateVoice.Describe(result));
        MetadataWriter.WriteQueryEcho(writer, result.Snapshot, result.Query);
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Counts and sums of whole numbers stay integers; min and max of a timestamp are timestamps.</summary>
    private static void WriteMetric(Utf8JsonWriter writer, Metric metric, double? value)
    {
        writer.WritePropertyName(metric.Name);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case { } v when metric.Column is TimestampColumn time && metric.Kind is MetricKind.Min or MetricKind.Max:
                var text = TimestampColumn.ToDateTime((long)v).ToString(time.DateOnly ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                writer.WriteStringValue(text);
                break;
            case { } v when metric.Kind != MetricKind.Avg && metric.Column is null or Int64Column:
                writer.WriteNumberValue((long)v);
                break;
            case { } v:
                writer.WriteNumberValue(Math.Round(v, 6));
                break;
        }
    }
}
