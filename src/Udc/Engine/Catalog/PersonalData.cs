using Udc.Engine.Columns;

namespace Udc.Engine.Catalog;

/// <summary>
/// Whether a text column looks like personal data an admin may want to hide or mask: emails, phone numbers, card
/// numbers. Judged on the first <see cref="SampleSize"/> non-null values, most of which must look the part, so a
/// notes column that mentions one email is not flagged.
/// </summary>
internal static class PersonalData
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string CardNumber = "card_number";

    /// <summary>
    /// 200 values decide in microseconds and are enough to tell a column of emails from prose; a database source reads
    /// this many of a column's values to judge it.
    /// </summary>
    public const int SampleSize = 200;

    /// <summary>Four in five sampled values must match: data has typos, prose rarely matches at all.</summary>
    private const double MinShare = 0.8;

    /// <summary>Whether <see cref="Detect"/> judges a column of this type: text, and integers (phone and card numbers written as numbers).</summary>
    public static bool Judges(ColumnType type) => type is ColumnType.String or ColumnType.Int64;

    /// <summary>The kind of personal data the column holds, or null.</summary>
    public static string? Detect(Column column)
    {
        if (!Judges(column.Type))
        {
            return null;
        }
        int seen = 0, emails = 0, phones = 0, cards = 0;
        for (var row = 0; row < column.RowCount && seen < SampleSize; row++)
        {
            if (column.FormatText(row) is not { Length: > 0 } text)
            {
                continue;
            }
            seen++;
            if (IsEmail(text))
            {
                emails++;
            }
            else if (IsCardNumber(text))
            {
                cards++;
            }
            else if (IsPhone(text))
            {
                phones++;
            }
        }
        if (seen == 0)
        {
            return null;
        }
        return emails >= seen * MinShare ? Email : cards >= seen * MinShare ? CardNumber : phones >= seen * MinShare && LooksLikePhoneColumn(column.Name) ? Phone : null;
    }

    private static bool IsEmail(string text)
    {
        var at = text.IndexOf('@');
        return at > 0 && text.IndexOf('.', at) > at + 1 && !text.Contains(' ') && text.Length <= 254;
    }

    /// <summary>13 to 19 digits (spaces and dashes allowed) that pass the Luhn check every card number carries.</summary>
    private static bool IsCardNumber(string text)
    {
        Span<int> digits = stackalloc int[19];
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return false;
                }
                digits[count++] = c - '0';
            }
            else if (c is not (' ' or '-'))
            {
                return false;
            }
        }
        if (count < 13)
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            var digit = digits[count - 1 - i];
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /// <summary>7 to 15 digits (E.164's most), with the punctuation people write numbers with.</summary>
    private static bool IsPhone(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-' or '+' or '(' or ')' or '.'))
            {
                return false;
            }
        }
        return digits is >= 7 and <= 15;
    }

    /// <summary>Plain numbers (amounts, ids) are digits too: a phone column also says so in its name.</summary>
    private static bool LooksLikePhoneColumn(string name) =>
        name.Contains("phone", StringComparison.OrdinalIgnoreCase) || name.Contains("mobile", StringComparison.OrdinalIgnoreCase)
        || name.Contains("tel", StringComparison.OrdinalIgnoreCase) || name.Contains("fax", StringComparison.OrdinalIgnoreCase);
}
