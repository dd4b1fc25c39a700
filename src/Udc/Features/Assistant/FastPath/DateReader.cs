using System.Collections.Frozen;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// Finds the one date expression of a question and resolves it against today (the clock the resolver is given, so
/// answers are exact in tests). A day, month, year or relative span ("last week", "in the last 7 days") stands
/// alone for itself, or after "since", "after", "before", "until", or as a range "from X to Y", "between X and Y".
/// More than one expression, or a range that ends before it starts, is not claimed.
/// </summary>
internal static partial class DateReader
{
    // Declared before Words, which lists them: static fields initialise in order.
    private static readonly string[] s_months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly FrozenSet<string> s_fromWords = FrozenSet.Create(StringComparer.Ordinal, "since", "from");
    private static readonly FrozenSet<string> s_untilWords = FrozenSet.Create(StringComparer.Ordinal, "until", "till", "through");
    private static readonly FrozenSet<string> s_rangeJoins = FrozenSet.Create(StringComparer.Ordinal, "to", "and", "until", "till", "through");

    /// <summary>Words a question may use only as part of a date; with <see cref="FastPathWords"/> they make the known vocabulary.</summary>
    public static readonly string[] Words =
    [
        .. s_months, "today", "yesterday", "this", "last", "previous", "past", "current", "week", "month", "year", "quarter",
        "weeks", "months", "years", "day", "days", "since", "after", "before", "until", "till", "through", "during", "between",
    ];

    /// <returns>False when the question's dates cannot be read as one period; <paramref name="period"/> is null when it has none.</returns>
    public static bool Read(List<QuestionToken> tokens, bool[] consumed, DateOnly today, out DatePeriod? period)
    {
        period = null;
        var spans = new List<(int Start, int End, DateSpan Span)>();
        for (var i = 0; i < tokens.Count;)
        {
            if (ReadSpan(tokens, i, today) is { } found)
            {
                spans.Add((i, found.End, found.Span));
                i = found.End;
            }
            else
            {
                i++;
            }
        }
        if (spans.Count == 0)
        {
            return true;
        }
        if (spans.Count == 2)
        {
            return ReadRange(tokens, consumed, spans[0], spans[1], out period);
        }
        if (spans.Count > 2)
        {
            return false;
        }
        var (start, end, span) = spans[0];
        MarkConsumed(consumed, start, end);
        var before = start > 0 ? tokens[start - 1] : default;
        var word = before.Kind == TokenKind.Word ? before.Text : "";
        period = word switch
        {
            "since" or "from" => new DatePeriod(span.First, null, $"since {span.Name}"),
            "after" => new DatePeriod(span.Last.AddDays(1), null, $"after {span.Name}"),
            "before" => new DatePeriod(null, span.First.AddDays(-1), $"before {span.Name}"),
            "until" or "till" or "through" => new DatePeriod(null, span.Last, $"until {span.Name}"),
            _ => new DatePeriod(span.First, span.Last, span.Alone),
        };
        if (word is "since" or "from" or "after" or "before" or "until" or "till" or "through" or "on" or "in" or "during" or "for")
        {
            consumed[start - 1] = true;
        }
        return true;
    }

    /// <summary>"from X to Y", "between X and Y": X's first day to Y's last.</summary>
    private static bool ReadRange(List<QuestionToken> tokens, bool[] consumed, (int Start, int End, DateSpan Span) first, (int Start, int End, DateSpan Span) second, out DatePeriod? period)
    {
        period = null;
        if (first.Start == 0 || second.Start != first.End + 1 || first.Span.First > second.Span.Last)
        {
            return false;
        }
        var opener = tokens[first.Start - 1];
        var join = tokens[first.End];
        var valid = opener.Kind == TokenKind.Word && join.Kind == TokenKind.Word
            && (s_fromWords.Contains(opener.Text) && s_rangeJoins.Contains(join.Text) && join.Text != "and" || opener.Text == "between" && join.Text == "and");
        if (!valid)
        {
            return false;
        }
        MarkConsumed(consumed, first.Start - 1, second.End);
        period = new DatePeriod(first.Span.First, second.Span.Last, $"from {first.Span.Name} to {second.Span.Name}");
        return true;
    }

    private static void MarkConsumed(bool[] consumed, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            consumed[i] = true;
        }
    }

    /// <summary>
    /// True for the words that may precede a year given as a bare number: "in 2025", "since 2024". Not "and" or "to",
    /// so "total between 1000 and 2000" stays a comparison.
    /// </summary>
    private static bool IntroducesYear(string word) =>
        s_fromWords.Contains(word) || s_untilWords.Contains(word) || word is "in" or "during" or "for" or "after" or "before" or "between";
}
