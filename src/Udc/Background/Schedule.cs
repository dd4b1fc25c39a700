using System.Globalization;
using Cronos;

namespace Udc.Background;

/// <summary>
/// When recurring work is due: an interval (<c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>) or a cron expression in UTC,
/// five fields or six with seconds first (<c>*/15 * * * *</c>, <c>0 30 2 * * *</c>).
/// </summary>
internal sealed class Schedule
{
    private readonly TimeSpan _interval;
    private readonly CronExpression? _cron;

    private Schedule(string text, TimeSpan interval, CronExpression? cron)
    {
        Text = text;
        _interval = interval;
        _cron = cron;
    }

    /// <summary>One second: a finer schedule would be a busy loop, not a schedule.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    public string Text { get; }

    public static Schedule Every(TimeSpan interval) =>
        new(interval.ToString("c", CultureInfo.InvariantCulture), interval < MinInterval ? MinInterval : interval, null);

    /// <summary>Reads a schedule; on failure <paramref name="error"/> says what is wrong, for a settings or config message.</summary>
    public static bool TryParse(string text, out Schedule schedule, out string error)
    {
        schedule = null!;
        error = "";
        text = text.Trim();
        if (text.Length > 1 && char.IsAsciiDigit(text[0]) && !text.Contains(' ', StringComparison.Ordinal))
        {
            var unit = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => TimeSpan.Zero,
            };
            if (unit > TimeSpan.Zero && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count > 0 && unit * count >= MinInterval)
            {
                schedule = new Schedule(text, unit * count, null);
                return true;
            }
            error = $"'{text}' is not an interval: a whole number of at least 1 second followed by s, m, h or d";
            return false;
        }
        try
        {
            var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var cron = CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            schedule = new Schedule(text, TimeSpan.Zero, cron);
            return true;
        }
        catch (CronFormatException e)
        {
            error = $"'{text}' is neither an interval (30s, 5m, 2h, 1d) nor a cron expression: {e.Message}";
            return false;
        }
    }

    /// <summary>The first time after <paramref name="after"/> the work is due; null for a cron expression that never fires again.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) =>
        _cron is null ? after + _interval : _cron.GetNextOccurrence(after, TimeZoneInfo.Utc);

    public override string ToString() => Text;
}
