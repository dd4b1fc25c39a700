using System.Text.Json;
using Udc.Engine.Analytics;
using Udc.Engine.Columns;
using Udc.Engine.Describe;

namespace Udc.Features.Analytics;

internal static partial class AnalyticsResponse
{
    public static void WriteForecast(Utf8JsonWriter writer, ForecastReport report, int skip, int count, DateTimeOffset now, int maxTextBytes, Action<Utf8JsonWriter>? extraMetadata)
    {
        var spec = report.Spec;
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        var index = 0;
        foreach (var forecast in report.Forecasts)
        {
            foreach (var point in forecast.Points)
            {
                if (index >= skip && index < skip + count)
                {
                    writer.WriteStartObject();
                    WriteSeriesKey(writer, spec, forecast.Series, maxTextBytes);
                    WriteTime(writer, spec, point.Time);
                    writer.WriteNumber("forecast"u8, point.Value);
                    WriteNumber(writer, "lower"u8, point.Lower);
                    WriteNumber(writer, "upper"u8, point.Upper);
                    writer.WriteEndObject();
                }
                index++;
            }
        }
        writer.WriteEndArray();
        writer.WriteStartObject("metadata"u8);
        writer.WriteNumber("horizon"u8, spec.Horizon);
        writer.WriteNumber("interval_level"u8, LinearTrend.Level);
        writer.WriteStartArray("series"u8);
        foreach (var forecast in report.Forecasts)
        {
            writer.WriteStartObject();
            WriteSeriesKey(writer, spec, forecast.Series, maxTextBytes);
            writer.WriteString("method"u8, forecast.Method == ForecastMethod.HoltWinters ? "holt_winters" : "linear");
            writer.WriteString("reason"u8, forecast.Reason);
            writer.WriteNumber("history_buckets"u8, forecast.Series.Length);
            writer.WriteNumber("gaps_filled"u8, forecast.FilledGaps);
            WriteError(writer, "holdout"u8, forecast.ChosenError);
            WriteError(writer, "linear_holdout"u8, forecast.LinearError);
            WriteError(writer, "holt_winters_holdout"u8, forecast.SeasonalError);
            if (forecast.Line is { } line)
            {
                writer.WriteNumber("slope_per_bucket"u8, line.Slope);
            }
            if (forecast.Seasonal is { } model)
            {
                writer.WriteNumber("season"u8, model.Season);
                writer.WriteNumber("alpha"u8, model.Alpha);
                writer.WriteNumber("beta"u8, model.Beta);
                writer.WriteNumber("gamma"u8, model.Gamma);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WriteCommonMetadata(writer, report.Snapshot, spec, report.Set, count, ForecastVoice(report), now);
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static int ForecastItems(ForecastReport report) => report.Forecasts.Sum(f => f.Points.Count);

    private static void WriteError(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ForecastError? error)
    {
        if (error is null)
        {
            writer.WriteNull(name);
            return;
        }
        writer.WriteStartObject(name);
        writer.WriteNumber("points"u8, error.Points);
        writer.WriteNumber("mae"u8, error.Mae);
        writer.WriteNumber("rmse"u8, error.Rmse);
        WriteNumber(writer, "mape"u8, error.Mape);
        writer.WriteEndObject();
    }

    /// <summary>"Daily active users: 2,310 forecast for April 1, 2024 (95% between 2,150 and 2,470) by holt_winters, which was off by 2.1% on the last 6 days held back."</summary>
    private static string ForecastVoice(ForecastReport report)
    {
        if (report.Forecasts.Count == 0)
        {
            return "No values match, so there is nothing to forecast.";
        }
        var parts = report.Forecasts.Take(MaxSpokenSeries).Select(f =>
        {
            var next = f.Points[0];
            var name = SpokenName(report.Spec, f.Series);
            var range = double.IsFinite(next.Lower) ? $" (95% between {Round(next.Lower)} and {Round(next.Upper)})" : "";
            var trust = f.ChosenError is { } error
                ? double.IsFinite(error.Mape) ? $", which was off by {Spoken.Number(Math.Round(error.Mape, 1))}% on the last {error.Points} {(error.Points == 1 ? "bucket" : "buckets")} held back" : $", which was off by {Round(error.Mae)} on average on the last {error.Points} held back"
                : ", too short a history to test it";
            var method = f.Method == ForecastMethod.HoltWinters ? "Holt-Winters with a weekly season" : "a straight line";
            return $"{char.ToUpperInvariant(name[0])}{name[1..]}: {Round(next.Value)} forecast for {Spoken.Date(TimestampColumn.ToDateTime(next.Time))}{range} by {method}{trust}.";
        });
        var rest = report.Set.TotalSeries - Math.Min(MaxSpokenSeries, report.Forecasts.Count);
        return string.Join(" ", parts) + (rest > 0 ? $" And {rest} more series." : "");
    }

    private static string Round(double value) => Spoken.Number(Math.Round(value, Math.Abs(value) >= 100 ? 0 : 4));
}
