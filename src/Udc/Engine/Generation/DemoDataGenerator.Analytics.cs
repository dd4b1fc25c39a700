using System.Globalization;
using System.Text.Json;

namespace Udc.Engine.Generation;

internal static partial class DemoDataGenerator
{
    private static readonly JsonEncodedText s_metric = Encode("metric");
    private static readonly JsonEncodedText s_date = Encode("date");
    private static readonly JsonEncodedText s_value = Encode("value");

    private static readonly JsonEncodedText s_dailyActiveUsers = Encode("daily_active_users");
    private static readonly JsonEncodedText s_sessionDuration = Encode("session_duration");
    private static readonly JsonEncodedText s_errorRate = Encode("error_rate");
    private static readonly JsonEncodedText s_pageViews = Encode("page_views");
    private static readonly JsonEncodedText s_conversionRate = Encode("conversion_rate");

    /// <summary>Rows per analytics day: one per metric, in the order written.</summary>
    public const int MetricsPerDay = 5;

    /// <summary>The last analytics day; the window of <see cref="DemoDataOptions.Days"/> days ends here.</summary>
    public static readonly DateOnly AnalyticsLastDay = new(2024, 3, 31);

    // Indexed by DayOfWeek (Sunday first): weekends see about 15 % fewer users than weekdays.
    private static ReadOnlySpan<double> WeekdayFactors => [0.84, 1.03, 1.06, 1.07, 1.05, 1.00, 0.86];

    private static void WriteAnalytics(Utf8JsonWriter writer, DemoDataOptions options)
    {
        var rng = SplitMix64.ForStream(options.Seed, AnalyticsStream);
        Span<byte> scratch = stackalloc byte[ScratchBytes];
        var days = options.Days;
        var firstDay = AnalyticsLastDay.AddDays(1 - days);

        writer.WriteStartArray();
        for (var i = 0; i < days; i++)
        {
            var day = firstDay.AddDays(i);
            if (!day.TryFormat(scratch, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            {
                ThrowScratchTooSmall();
            }

            ReadOnlySpan<byte> date = scratch[..written];

            // The product grows across the window: 0 on the first day, 1 on the last.
            var progress = days == 1 ? 1.0 : (double)i / (days - 1);
            var weekday = WeekdayFactors[(int)day.DayOfWeek];

            var users = (int)Math.Clamp(Math.Round((2_400 + 1_600 * progress) * weekday * (1 + 0.05 * rng.NextNoise())), 1_000, 5_000);
            var sessionSeconds = Math.Clamp(RoundTo(270 + 50 * progress + 20 * rng.NextNoise(), 10), 200, 400);
            var errorRate = Math.Clamp(RoundTo(0.02 - 0.01 * progress + 0.004 * rng.NextNoise(), 10_000), 0.001, 0.05);
            var pageViews = (int)Math.Clamp(Math.Round(users * (10 + 1.5 * rng.NextNoise())), 10_000, 60_000);
            var conversionRate = Math.Clamp(RoundTo(0.03 + 0.015 * progress + 0.005 * rng.NextNoise(), 10_000), 0.01, 0.08);

            WriteMetric(writer, s_dailyActiveUsers, date, users);
            WriteMetric(writer, s_sessionDuration, date, sessionSeconds);
            WriteMetric(writer, s_errorRate, date, errorRate);
            WriteMetric(writer, s_pageViews, date, pageViews);
            WriteMetric(writer, s_conversionRate, date, conversionRate);
            FlushIfFull(writer);
        }

        writer.WriteEndArray();
    }

    // Rounding to an integer and one division are exact IEEE operations, so the value and its shortest
    // printed form are the same on every runtime; Math.Round(value, digits) gives no such promise.
    private static double RoundTo(double value, double scale) => Math.Round(value * scale) / scale;

    private static void WriteMetric(Utf8JsonWriter writer, JsonEncodedText metric, ReadOnlySpan<byte> date, int value)
    {
        writer.WriteStartObject();
        writer.WriteString(s_metric, metric);
        writer.WriteString(s_date, date);
        writer.WriteNumber(s_value, value);
        writer.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter writer, JsonEncodedText metric, ReadOnlySpan<byte> date, double value)
    {
        writer.WriteStartObject();
        writer.WriteString(s_metric, metric);
        writer.WriteString(s_date, date);
        writer.WriteNumber(s_value, value);
        writer.WriteEndObject();
    }
}
