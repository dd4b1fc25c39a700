using System.Globalization;
using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Engine.Describe;
using Udc.Engine.Query.Aggregation;

namespace Udc.Features.Data;

/// <summary>Grouped results: one object per group with its key columns and metrics, then the metadata.</summary>
internal static class AggregateResponse
{
    public static void Write(Utf8JsonWriter writer, AggregateResult result, DateTimeOffset now) =>
        Write(writer, result, 0, result.Groups.Count, now, RowWriter.Unbounded, extraMetadata: null);

    /// <summary>Writes <paramref name="count"/> groups from <paramref name="skip"/>, largest first.</summary>
    /// <param name="skip">Groups left out at the start: a cursor continues after the groups already returned.</param>
    /// <param name="maxTextBytes">The longest group value written whole (see <see cref="RowWriter"/>).</param>
    /// <param name="extraMetadata">Fields a surface adds to the metadata (a tool's <c>next_cursor</c>).</param>
    public static void Write(Utf8JsonWriter writer, AggregateResult result, int skip, int count, DateTimeOffset now, int maxTextBytes, Action<Utf8JsonWriter>? extraMetadata)
    {
        var spec = result.Spec;
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        for (var i = skip; i < skip + count; i++)
        {
            var group = result.Groups[i];
            writer.WriteStartObject();
            for (var c = 0; c < spec.GroupBy.Count; c++)
            {
                WriteKey(writer, spec.GroupBy[c], group.KeyRow, maxTextBytes);
            }
            for (var m = 0; m < spec.Metrics.Count; m++)
            {
                if (!spec.Metrics[m].Hidden)
                {
                    WriteMetric(writer, spec.Metrics[m], group.Values[m]);
                }
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
        foreach (var group in spec.GroupBy)
        {
            writer.WriteStringValue(group.Spec);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("metrics"u8);
        foreach (var metric in spec.Metrics.Where(m => !m.Hidden))
        {
            writer.WriteStringValue(metric.Spec);
        }
        writer.WriteEndArray();
        MetadataWriter.WriteFreshness(writer, result.Snapshot, now);
        writer.WriteString("voice_context"u8, AggregateVoice.Describe(result));
        MetadataWriter.WriteQueryEcho(writer, result.Snapshot, result.Query, includeOrder: false);
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A group's key: its column's value, or the first instant of its bucket (a date for a column of dates).</summary>
    public static void WriteKey(Utf8JsonWriter writer, GroupColumn group, int keyRow, int maxTextBytes)
    {
        var column = group.Column;
        if (group.Alias is null && group.Bucket is null)
        {
            writer.WritePropertyName(column.EncodedName);
        }
        else
        {
            writer.WritePropertyName(group.Name);
        }
        if (group.Bucket is null || column.IsNull(keyRow))
        {
            RowWriter.WriteValue(writer, column, keyRow, maxTextBytes);
            return;
        }
        WriteInstant(writer, group.KeyOf(keyRow), ((TimestampColumn)column).DateOnly || group.Bucket != Engine.Analytics.TimeBucket.Hour);
    }

    /// <summary>An instant as <c>/data</c> writes timestamps: a date when it is a whole day, else seconds in UTC.</summary>
    public static void WriteInstant(Utf8JsonWriter writer, long unixMilliseconds, bool asDate) =>
        writer.WriteStringValue(TimestampColumn.ToDateTime(unixMilliseconds).ToString(asDate ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    /// <summary>Integers stay exact (a sum past the int64 range is written as its digits); a timestamp's min and max are timestamps.</summary>
    public static void WriteMetric(Utf8JsonWriter writer, Metric metric, MetricValue value)
    {
        writer.WritePropertyName(metric.Name);
        switch (value.Kind)
        {
            case MetricValueKind.None:
                writer.WriteNullValue();
                break;
            case MetricValueKind.Integer when metric.Column is TimestampColumn time && metric.Kind is MetricKind.Min or MetricKind.Max:
                var text = TimestampColumn.ToDateTime((long)value.Integer).ToString(time.DateOnly ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                writer.WriteStringValue(text);
                break;
            case MetricValueKind.Integer when value.Integer >= long.MinValue && value.Integer <= long.MaxValue:
                writer.WriteNumberValue((long)value.Integer);
                break;
            case MetricValueKind.Integer:
                writer.WriteRawValue(value.Integer.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            default:
                writer.WriteNumberValue(Math.Round(value.Real, 6));
                break;
        }
    }
}
