using System.Text.Json;
using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Data;

namespace Udc.Features.Analytics;

/// <summary>
/// What every analytics body shares: each item keyed by its series (under the series column's own name) and its time
/// (under the time column's name), numbers written whole (NaN as null), and metadata that says how the question was
/// read: measure, series column (and whether it was inferred), bucket, function, the filters applied and freshness.
/// </summary>
internal static partial class AnalyticsResponse
{
    public static void WriteSeriesKey(Utf8JsonWriter writer, AnalyticsSpec spec, Series series, int maxTextBytes)
    {
        if (spec.Series is { } column)
        {
            writer.WritePropertyName(column.EncodedName);
            RowWriter.WriteValue(writer, column, series.KeyRow, maxTextBytes);
        }
    }

    public static void WriteTime(Utf8JsonWriter writer, AnalyticsSpec spec, long unixMilliseconds)
    {
        writer.WritePropertyName(spec.Time.EncodedName);
        var asDate = spec.Bucket is { } bucket ? bucket != TimeBucket.Hour : spec.Time.DateOnly;
        AggregateResponse.WriteInstant(writer, unixMilliseconds, asDate);
    }

    public static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>The metadata fields every analytics result has, after the operation's own.</summary>
    public static void WriteCommonMetadata(Utf8JsonWriter writer, SourceSnapshot snapshot, AnalyticsSpec spec, SeriesSet set, int returned, string voice, DateTimeOffset now)
    {
        writer.WriteNumber("total_results"u8, set.MatchCount);
        writer.WriteNumber("returned_results"u8, returned);
        writer.WriteString("measure"u8, spec.Measure.Name);
        writer.WriteString("time_column"u8, spec.Time.Name);
        if (spec.Series is { } series)
        {
            writer.WriteString("series_column"u8, series.Name);
        }
        else
        {
            writer.WriteNull("series_column"u8);
        }
        writer.WriteBoolean("series_inferred"u8, spec.SeriesInferred && spec.Series is not null);
        writer.WriteNumber("total_series"u8, set.TotalSeries);
        if (spec.Bucket is { } bucket)
        {
            writer.WriteString("bucket"u8, bucket.Name());
            writer.WriteString("function"u8, FunctionName(spec.Function));
        }
        else
        {
            writer.WriteNull("bucket"u8);
        }
        MetadataWriter.WriteFreshness(writer, snapshot, now);
        writer.WriteString("voice_context"u8, voice);
        MetadataWriter.WriteQueryEcho(writer, snapshot, spec.Rows, includeOrder: false);
    }

    public static string FunctionName(MetricKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The series' display name for sentences: its key, or the measure's name for a single series.</summary>
    public static string SpokenName(AnalyticsSpec spec, Series series) =>
        Engine.Describe.Spoken.Words(Engine.Describe.SpokenText.Safe(series.Key ?? spec.Measure.Name));
}
