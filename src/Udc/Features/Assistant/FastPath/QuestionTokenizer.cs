using System.Globalization;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// Splits a question into lower-case words, numbers and dates. <c>#123</c> is the number 123, <c>2024-03-15</c>
/// and "March 15, 2024" are dates, "customer's" is "customer", and punctuation separates.
/// </summary>
internal static class QuestionTokenizer
{
    public static List<QuestionToken> Tokenize(string question)
    {
        var tokens = new List<QuestionToken>();
        var text = question.AsSpan();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (i + 10 <= text.Length && DateOnly.TryParseExact(text.Slice(i, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    && (i + 10 == text.Length || !char.IsLetterOrDigit(text[i + 10])))
                {
                    tokens.Add(new QuestionToken(TokenKind.Date, text.Slice(i, 10).ToString(), Date: date));
                    i += 10;
                    continue;
                }
                var start = i;
                i = EndOfNumber(text, i, out var isWhole);
                var digits = text[start..i];
                var plain = digits.ToString().Replace(",", "", StringComparison.Ordinal);
                if (!isWhole)
                {
                    tokens.Add(new QuestionToken(TokenKind.Number, plain, IsWhole: false));
                    continue;
                }
                // Ordinal suffixes belong to the number: "15th".
                if (i + 2 <= text.Length && text.Slice(i, 2) is "st" or "nd" or "rd" or "th" && (i + 2 == text.Length || !char.IsLetterOrDigit(text[i + 2])))
                {
                    i += 2;
                }
                else if (i < text.Length && char.IsLetter(text[i]))
                {
                    // Digits run into letters ("7393abc"): not a number a person typed as one.
                    while (i < text.Length && char.IsLetterOrDigit(text[i]))
                    {
                        i++;
                    }
                    tokens.Add(new QuestionToken(TokenKind.Word, text[start..i].ToString().ToLowerInvariant()));
                    continue;
                }
                tokens.Add(long.TryParse(plain, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? new QuestionToken(TokenKind.Number, plain, number)
                    : new QuestionToken(TokenKind.Word, plain));
                continue;
            }
            if (char.IsLetter(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1])))
                {
                    i++;
                }
                var word = text[start..i].ToString().ToLowerInvariant().Replace('’', '\'');
                // "customer's" is "customer"; "what's" is "whats".
                word = word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word.Replace("'", "", StringComparison.Ordinal);
                tokens.Add(new QuestionToken(TokenKind.Word, word));
                continue;
            }
            if (c is '\'' or '’' && i + 1 < text.Length && text[i + 1] is 's' or 'S' && (i + 2 == text.Length || !char.IsLetter(text[i + 2])))
            {
                // "12's": the possessive after a number.
                i += 2;
                continue;
            }
            i++;
        }
        return MergeSpelledDates(tokens);
    }

    /// <summary>
    /// The end of the number starting at <paramref name="i"/>: digits, groups of three after commas ("1,000"), and a
    /// decimal part ("500.50"), which makes it not whole. A comma not followed by exactly three digits separates.
    /// </summary>
    private static int EndOfNumber(ReadOnlySpan<char> text, int i, out bool isWhole)
    {
        isWhole = true;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        while (i < text.Length && text[i] == ',' && IsDigits(text, i + 1, 3) && (i + 4 == text.Length || !char.IsAsciiDigit(text[i + 4])))
        {
            i += 4;
        }
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            isWhole = false;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        return i;
    }

    private static bool IsDigits(ReadOnlySpan<char> text, int start, int count)
    {
        if (start + count > text.Length)
        {
            return false;
        }
        foreach (var c in text.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>"march 15 2024" and "15 march 2024" become one date token; a month without a year is left alone.</summary>
    private static List<QuestionToken> MergeSpelledDates(List<QuestionToken> tokens)
    {
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            int month, day;
            long year;
            if (MonthOf(tokens[i]) is { } m1 && tokens[i + 1].Kind == TokenKind.Number && tokens[i + 2].Kind == TokenKind.Number)
            {
                (month, day, year) = (m1, (int)Math.Min(tokens[i + 1].Number, 99), tokens[i + 2].Number);
            }
            else if (tokens[i].Kind == TokenKind.Number && MonthOf(tokens[i + 1]) is { } m2 && tokens[i + 2].Kind == TokenKind.Number)
            {
                (month, day, year) = (m2, (int)Math.Min(tokens[i].Number, 99), tokens[i + 2].Number);
            }
            else
            {
                continue;
            }
            if (year is < 1900 or > 2200 || day < 1 || day > DateTime.DaysInMonth((int)year, month))
            {
                continue;
            }
            var date = new DateOnly((int)year, month, day);
            tokens[i] = new QuestionToken(TokenKind.Date, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Date: date);
            tokens.RemoveRange(i + 1, 2);
        }
        return tokens;
    }

    private static int? MonthOf(QuestionToken token) => token.Kind == TokenKind.Word ? DateReader.MonthNumber(token.Text) : null;
}
