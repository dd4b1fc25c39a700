using System.Globalization;
using Udc.Engine.Describe;

namespace Udc.Features.Assistant.FastPath;

internal static partial class DateReader
{
    /// <summary>The years a bare number may name: outside them "in 2500" is a quantity, not a year.</summary>
    private const int MinYear = 1900;

    private const int MaxYear = 2200;

    /// <summary>"last 3650 days" is ten years, the most a relative span may cover.</summary>
    private const long MaxRelativeCount = 3_650;

    /// <summary>The span starting at token <paramref name="i"/> and the index after it, or null.</summary>
    private static (int End, DateSpan Span)? ReadSpan(List<QuestionToken> tokens, int i, DateOnly today)
    {
        var token = tokens[i];
        if (token.Kind == TokenKind.Date)
        {
            return (i + 1, Day(token.Date));
        }
        if (token.Kind == TokenKind.Number)
        {
            return ReadNumberFirst(tokens, i, today);
        }
        var next = i + 1 < tokens.Count ? tokens[i + 1] : default;
        switch (token.Text)
        {
            case "today":
                return (i + 1, new DateSpan(today, today, "today", "today"));
            case "yesterday":
                return (i + 1, new DateSpan(today.AddDays(-1), today.AddDays(-1), "yesterday", "yesterday"));
            case "this" or "current" when Calendar(next.Text, today, 0) is { } current:
                return (i + 2, current with { Name = "this " + next.Text, Alone = "this " + next.Text });
            case "last" or "previous" when Calendar(next.Text, today, -1) is { } previous:
                return (i + 2, previous with { Name = "last " + next.Text, Alone = "last " + next.Text });
            case "last" or "past" when next is { Kind: TokenKind.Number, IsWhole: true, Number: > 0 and <= MaxRelativeCount } && i + 2 < tokens.Count
                && Rolling(tokens[i + 2].Text, (int)next.Number, today) is { } rolling:
                return (i + 3, rolling);
        }
        if (MonthOf(tokens, i) is not { } month)
        {
            return null;
        }
        if (next is { Kind: TokenKind.Number, IsWhole: true, Number: >= MinYear and <= MaxYear })
        {
            var first = new DateOnly((int)next.Number, month, 1);
            return (i + 2, Month(first));
        }
        if (next is { Kind: TokenKind.Number, IsWhole: true, Number: >= 1 and <= 31 })
        {
            return LatestDay(month, (int)next.Number, today) is { } day ? (i + 2, Day(day)) : null;
        }
        var year = month <= today.Month ? today.Year : today.Year - 1;
        return (i + 1, Month(new DateOnly(year, month, 1)));
    }

    /// <summary>"15 march" (the latest March 15 up to today), or a year after a word that introduces one: "in 2025".</summary>
    private static (int End, DateSpan Span)? ReadNumberFirst(List<QuestionToken> tokens, int i, DateOnly today)
    {
        var token = tokens[i];
        if (!token.IsWhole)
        {
            return null;
        }
        if (token.Number is >= 1 and <= 31 && i + 1 < tokens.Count && MonthOf(tokens, i + 1, afterDay: true) is { } month)
        {
            return LatestDay(month, (int)token.Number, today) is { } day ? (i + 2, Day(day)) : null;
        }
        if (token.Number is >= MinYear and <= MaxYear && i > 0 && tokens[i - 1].Kind == TokenKind.Word && IntroducesYear(tokens[i - 1].Text))
        {
            var year = (int)token.Number;
            return (i + 1, new DateSpan(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), token.Text, "in " + token.Text));
        }
        return null;
    }

    /// <summary>The week (Monday first, as ISO 8601), month, quarter or year containing today, moved by <paramref name="offset"/> of them.</summary>
    private static DateSpan? Calendar(string unit, DateOnly today, int offset)
    {
        switch (unit)
        {
            case "week":
                var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) + 7 * offset);
                return new DateSpan(monday, monday.AddDays(6), "", "");
            case "month":
                var month = new DateOnly(today.Year, today.Month, 1).AddMonths(offset);
                return new DateSpan(month, month.AddMonths(1).AddDays(-1), "", "");
            case "quarter":
                var quarter = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(3 * offset);
                return new DateSpan(quarter, quarter.AddMonths(3).AddDays(-1), "", "");
            case "year":
                var year = new DateOnly(today.Year + offset, 1, 1);
                return new DateSpan(year, year.AddYears(1).AddDays(-1), "", "");
            default:
                return null;
        }
    }

    /// <summary>"the last 7 days": the 7 days ending today; weeks, months and years likewise.</summary>
    private static DateSpan? Rolling(string unit, int count, DateOnly today)
    {
        DateOnly? first = unit switch
        {
            "day" or "days" => today.AddDays(1 - count),
            "week" or "weeks" => today.AddDays(1 - 7 * count),
            "month" or "months" => today.AddMonths(-count).AddDays(1),
            "year" or "years" => today.AddYears(-count).AddDays(1),
            _ => null,
        };
        if (first is not { } start)
        {
            return null;
        }
        var name = count == 1 ? $"the last {unit.TrimEnd('s')}" : $"the last {count} {(unit.EndsWith('s') ? unit : unit + "s")}";
        return new DateSpan(start, today, name, "in " + name);
    }

    private static DateSpan Day(DateOnly date)
    {
        var name = Spoken.Date(date.ToDateTime(TimeOnly.MinValue));
        return new DateSpan(date, date, name, "on " + name);
    }

    private static DateSpan Month(DateOnly first)
    {
        var name = first.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        return new DateSpan(first, first.AddMonths(1).AddDays(-1), name, "in " + name);
    }

    /// <summary>The latest <paramref name="month"/>/<paramref name="day"/> up to today; null for a day the month lacks.</summary>
    private static DateOnly? LatestDay(int month, int day, DateOnly today)
    {
        for (var year = today.Year; year >= today.Year - 8; year--)
        {
            if (day <= DateTime.DaysInMonth(year, month) && new DateOnly(year, month, day) is var date && date <= today)
            {
                return date;
            }
        }
        return null;
    }

    /// <summary>
    /// A month name; "may" only where it cannot be the verb ("in may", "to may", "may 5", "5 may"), so "may I see the
    /// orders" has no date.
    /// </summary>
    private static int? MonthOf(List<QuestionToken> tokens, int i, bool afterDay = false)
    {
        if (tokens[i].Kind != TokenKind.Word)
        {
            return null;
        }
        if (MonthNumber(tokens[i].Text) is not { } month)
        {
            return null;
        }
        if (month == 5 && !afterDay)
        {
            var before = i > 0 && tokens[i - 1].Kind == TokenKind.Word && (IntroducesYear(tokens[i - 1].Text) || tokens[i - 1].Text == "to");
            var after = i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.Number;
            if (!before && !after)
            {
                return null;
            }
        }
        return month;
    }

    /// <summary>1 for "january" to 12 for "december"; null for any other word.</summary>
    public static int? MonthNumber(string word)
    {
        var index = Array.IndexOf(s_months, word);
        return index >= 0 ? index + 1 : null;
    }
}
