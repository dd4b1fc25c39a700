namespace Udc.Engine.Loading;

/// <summary>
/// Parses ISO-8601 dates and instants (<c>2024-03-15</c>, <c>2024-03-15T10:30:00Z</c>,
/// <c>2024-03-15 10:30:00.125+02:00</c>) from UTF-8 into Unix milliseconds. Strict on shape so that text such
/// as "2024" or "12-5" is never mistaken for a date; a value without an offset is taken as UTC.
/// </summary>
internal static class TimestampParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out long unixMilliseconds, out bool dateOnly)
    {
        unixMilliseconds = 0;
        dateOnly = false;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Ticks;
        if (text.Length == 10)
        {
            dateOnly = true;
            unixMilliseconds = ToUnixMilliseconds(ticks);
            return true;
        }

        if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text.Length < 16 || text[13] != ':'
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }

        var rest = text[16..];
        var second = 0;
        long fractionTicks = 0;
        if (rest.Length >= 3 && rest[0] == ':')
        {
            if (!TryDigits(rest.Slice(1, 2), out second) || second > 59)
            {
                return false;
            }
            rest = rest[3..];
            if (rest.Length > 1 && (rest[0] == '.' || rest[0] == ','))
            {
                var digits = 1;
                long scale = TimeSpan.TicksPerSecond;
                while (digits < rest.Length && char.IsAsciiDigit((char)rest[digits]))
                {
                    scale /= 10;
                    fractionTicks += (rest[digits] - '0') * scale;
                    digits++;
                }
                if (digits == 1)
                {
                    return false;
                }
                rest = rest[digits..];
            }
        }

        long offsetTicks = 0;
        if (rest.Length == 1 && (rest[0] == 'Z' || rest[0] == 'z'))
        {
            rest = default;
        }
        else if (rest.Length > 0)
        {
            if (!TryParseOffset(rest, out offsetTicks))
            {
                return false;
            }
            rest = default;
        }

        ticks += (hour * 3600L + minute * 60L + second) * TimeSpan.TicksPerSecond + fractionTicks - offsetTicks;
        // An offset can push 0001-01-01 or 9999-12-31 outside the calendar, where no date can be written back.
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        unixMilliseconds = ToUnixMilliseconds(ticks);
        return rest.IsEmpty;
    }

    /// <summary>Floor division, so an instant a fraction of a millisecond before 1970 stays before it.</summary>
    private static long ToUnixMilliseconds(long ticks) => Math.DivRem(ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerMillisecond) is var (q, r) && r < 0 ? q - 1 : q;

    /// <summary>Accepts <c>+02:00</c>, <c>-0530</c> and <c>+02</c>.</summary>
    private static bool TryParseOffset(ReadOnlySpan<byte> text, out long offsetTicks)
    {
        offsetTicks = 0;
        if (text[0] != '+' && text[0] != '-' || text.Length < 3 || !TryDigits(text.Slice(1, 2), out var hours))
        {
            return false;
        }
        var minutes = 0;
        var tail = text[3..];
        if (tail.Length == 3 && tail[0] == ':')
        {
            tail = tail[1..];
        }
        if (tail.Length == 2 && !TryDigits(tail, out minutes) || tail.Length is not (0 or 2) || hours > 14 || minutes > 59)
        {
            return false;
        }
        offsetTicks = (hours * 60L + minutes) * TimeSpan.TicksPerMinute * (text[0] == '-' ? -1 : 1);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            var digit = b - '0';
            if ((uint)digit > 9)
            {
                return false;
            }
            value = value * 10 + digit;
        }
        return true;
    }
}
