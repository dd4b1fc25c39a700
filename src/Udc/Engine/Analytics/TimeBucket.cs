namespace Udc.Engine.Analytics;

/// <summary>The width of a time bucket: the period a trend compares ("week over week") and a forecast steps by.</summary>
internal enum TimeBucket : byte
{
    Hour,
    Day,
    Week,
    Month,
}

/// <summary>
/// Bucket arithmetic on Unix milliseconds (UTC), without <see cref="DateTime"/> per row: hours and days are fixed
/// widths, weeks start on Monday (ISO 8601), months use the civil-calendar conversion of H. Hinnant's
/// <c>days_from_civil</c>, a handful of integer operations.
/// </summary>
internal static class TimeBuckets
{
    public const long MillisecondsPerHour = 3_600_000;
    public const long MillisecondsPerDay = 86_400_000;

    /// <summary>The names callers write, in width order.</summary>
    public static readonly string[] Names = ["hour", "day", "week", "month"];

    public static bool TryParse(string text, out TimeBucket bucket)
    {
        var index = Array.IndexOf(Names, text.Trim().ToLowerInvariant());
        bucket = index < 0 ? default : (TimeBucket)index;
        return index >= 0;
    }

    public static string Name(this TimeBucket bucket) => Names[(int)bucket];

    /// <summary>"week over week", "day over day", as a trend's summary says it.</summary>
    public static string OverPrevious(this TimeBucket bucket) => $"{bucket.Name()} over {bucket.Name()}";

    /// <summary>The first millisecond of the bucket holding <paramref name="unixMilliseconds"/>.</summary>
    public static long Start(long unixMilliseconds, TimeBucket bucket)
    {
        switch (bucket)
        {
            case TimeBucket.Hour:
                return FloorTo(unixMilliseconds, MillisecondsPerHour);
            case TimeBucket.Day:
                return FloorTo(unixMilliseconds, MillisecondsPerDay);
            case TimeBucket.Week:
                // Day 0 (1970-01-01) was a Thursday, three days after a Monday.
                var day = FloorDiv(unixMilliseconds, MillisecondsPerDay);
                return (day - FloorMod(day + 3, 7)) * MillisecondsPerDay;
            default:
                var (year, month) = YearMonth(FloorDiv(unixMilliseconds, MillisecondsPerDay));
                return DaysFromCivil(year, month, 1) * MillisecondsPerDay;
        }
    }

    /// <summary>The start of the bucket <paramref name="steps"/> after (or before, when negative) the one starting at <paramref name="start"/>.</summary>
    public static long Add(long start, TimeBucket bucket, int steps)
    {
        switch (bucket)
        {
            case TimeBucket.Hour:
                return start + steps * MillisecondsPerHour;
            case TimeBucket.Day:
                return start + steps * MillisecondsPerDay;
            case TimeBucket.Week:
                return start + steps * 7 * MillisecondsPerDay;
            default:
                var (year, month) = YearMonth(FloorDiv(start, MillisecondsPerDay));
                var index = year * 12L + (month - 1) + steps;
                return DaysFromCivil(FloorDiv(index, 12), (int)FloorMod(index, 12) + 1, 1) * MillisecondsPerDay;
        }
    }

    /// <summary>The width of an hour, day or week in milliseconds; a month has none.</summary>
    public static long Width(TimeBucket bucket) => bucket switch
    {
        TimeBucket.Hour => MillisecondsPerHour,
        TimeBucket.Day => MillisecondsPerDay,
        TimeBucket.Week => 7 * MillisecondsPerDay,
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "a month has no fixed width"),
    };

    /// <summary>
    /// How many buckets lie from the one starting at <paramref name="from"/> to the one holding <paramref name="to"/>
    /// (its start or any later instant in it, no earlier than <paramref name="from"/>).
    /// </summary>
    public static long Steps(long from, long to, TimeBucket bucket) =>
        bucket == TimeBucket.Month ? MonthIndex(to) - MonthIndex(from) : (to - from) / Width(bucket);

    /// <summary>
    /// The bucket that suits points <paramref name="medianGap"/> apart: the narrowest whose width is at least the gap,
    /// so daily points get days and minute points get hours.
    /// </summary>
    public static TimeBucket ForGap(long medianGap) => medianGap switch
    {
        <= MillisecondsPerHour => TimeBucket.Hour,
        <= MillisecondsPerDay => TimeBucket.Day,
        <= 7 * MillisecondsPerDay => TimeBucket.Week,
        _ => TimeBucket.Month,
    };

    /// <summary>Buckets in one week: the season of Holt-Winters' weekly seasonality; none for weeks and months.</summary>
    public static int WeeklySeason(this TimeBucket bucket) => bucket switch
    {
        TimeBucket.Hour => 168,
        TimeBucket.Day => 7,
        _ => 0,
    };

    private static long MonthIndex(long unixMilliseconds)
    {
        var (year, month) = YearMonth(FloorDiv(unixMilliseconds, MillisecondsPerDay));
        return year * 12L + month - 1;
    }

    private static long FloorTo(long value, long width) => FloorDiv(value, width) * width;

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);

    private static long FloorMod(long value, long divisor) => value - FloorDiv(value, divisor) * divisor;

    /// <summary>H. Hinnant's <c>civil_from_days</c>, year and month only.</summary>
    private static (long Year, int Month) YearMonth(long days)
    {
        days += 719_468;
        var era = FloorDiv(days, 146_097);
        var dayOfEra = days - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var shiftedMonth = (5 * dayOfYear + 2) / 153;
        var month = (int)(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month);
    }

    /// <summary>H. Hinnant's <c>days_from_civil</c>.</summary>
    private static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = FloorDiv(year, 400);
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
