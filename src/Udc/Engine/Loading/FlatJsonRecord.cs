using System.Runtime.Intrinsics;

namespace Udc.Engine.Loading;

/// <summary>One value of a flat record: where its name and its token lie in the scanned text.</summary>
internal readonly record struct FlatJsonField(int NameStart, int NameLength, RawKind Kind, int ValueStart, int ValueLength);

/// <summary>
/// Scans the commonest record of a large file, one flat JSON object (<c>{"id": 7, "status": "open"}</c>): names and
/// strings without escapes, numbers, <c>true</c>, <c>false</c>, <c>null</c>. It only accepts what
/// <see cref="System.Text.Json.Utf8JsonReader"/> accepts and gives the same tokens; anything else (an escape, a nested
/// value, a trailing comma, a comment, a malformed token) makes it decline, and the record is read by the reader, which
/// then also gives the exact error. Declining costs a scan, so a file of such records is read at the reader's pace.
/// </summary>
internal static class FlatJsonRecord
{
    /// <summary>The fields a record may have here; a wider one is read by the reader.</summary>
    public const int MaxFields = 64;

    /// <summary>
    /// Scans the object that starts at <paramref name="text"/>[0]; on success <paramref name="length"/> is its length
    /// and the first <paramref name="count"/> of <paramref name="fields"/> its values in order.
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> text, Span<FlatJsonField> fields, out int count, out int length)
    {
        count = 0;
        length = 0;
        if (text.IsEmpty || text[0] != '{')
        {
            return false;
        }
        var i = SkipWhiteSpace(text, 1);
        if (i < text.Length && text[i] == '}')
        {
            length = i + 1;
            return true;
        }
        while (count < fields.Length)
        {
            if (i >= text.Length || text[i] != '"' || !TryString(text, i + 1, out var nameEnd))
            {
                return false;
            }
            var nameStart = i + 1;
            i = SkipWhiteSpace(text, nameEnd + 1);
            if (i >= text.Length || text[i] != ':')
            {
                return false;
            }
            i = SkipWhiteSpace(text, i + 1);
            if (i >= text.Length || !TryValue(text, i, out var kind, out var valueStart, out var valueEnd))
            {
                return false;
            }
            fields[count++] = new FlatJsonField(nameStart, nameEnd - nameStart, kind, valueStart, valueEnd - valueStart);
            i = SkipWhiteSpace(text, kind == RawKind.String ? valueEnd + 1 : valueEnd);
            if (i >= text.Length)
            {
                return false;
            }
            if (text[i] == '}')
            {
                length = i + 1;
                return true;
            }
            if (text[i] != ',')
            {
                return false;
            }
            i = SkipWhiteSpace(text, i + 1);
        }
        return false;
    }

    /// <summary>A value at <paramref name="i"/>; a string's span is its content, without the quotes.</summary>
    private static bool TryValue(ReadOnlySpan<byte> text, int i, out RawKind kind, out int start, out int end)
    {
        start = i;
        switch (text[i])
        {
            case (byte)'"':
                kind = RawKind.String;
                start = i + 1;
                return TryString(text, start, out end);
            case (byte)'t':
                kind = RawKind.True;
                return TryLiteral(text, i, "true"u8, out end);
            case (byte)'f':
                kind = RawKind.False;
                return TryLiteral(text, i, "false"u8, out end);
            case (byte)'n':
                kind = RawKind.Null;
                return TryLiteral(text, i, "null"u8, out end);
            default:
                kind = RawKind.Number;
                return TryNumber(text, i, out end);
        }
    }

    /// <summary>
    /// The closing quote of a string whose content starts at <paramref name="start"/>: false at a backslash or a
    /// control character (the reader unescapes the one and refuses the other), or at the end of the text.
    /// Sixteen bytes at a time, since a value is mostly a few dozen bytes and the search is most of its cost.
    /// </summary>
    private static bool TryString(ReadOnlySpan<byte> text, int start, out int end)
    {
        var i = start;
        if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)' ');
            while (i + Vector128<byte>.Count <= text.Length)
            {
                var bytes = Vector128.Create(text.Slice(i, Vector128<byte>.Count));
                var stops = Vector128.Equals(bytes, quote) | Vector128.Equals(bytes, backslash) | Vector128.LessThan(bytes, space);
                if (stops != Vector128<byte>.Zero)
                {
                    i += System.Numerics.BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
                    end = i;
                    return text[i] == '"';
                }
                i += Vector128<byte>.Count;
            }
        }
        for (; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '"' || b == '\\' || b < ' ')
            {
                end = i;
                return b == '"';
            }
        }
        end = i;
        return false;
    }

    private static bool TryLiteral(ReadOnlySpan<byte> text, int i, ReadOnlySpan<byte> literal, out int end)
    {
        end = i + literal.Length;
        return text[i..].StartsWith(literal) && IsDelimiter(text, end);
    }

    /// <summary>JSON's number grammar exactly: <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>.</summary>
    private static bool TryNumber(ReadOnlySpan<byte> text, int i, out int end)
    {
        end = i;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }
        if (i >= text.Length || !char.IsAsciiDigit((char)text[i]))
        {
            return false;
        }
        i = text[i] == '0' ? i + 1 : SkipDigits(text, i);
        if (i < text.Length && text[i] == '.')
        {
            var digits = SkipDigits(text, i + 1);
            if (digits == i + 1)
            {
                return false;
            }
            i = digits;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }
            var digits = SkipDigits(text, i);
            if (digits == i)
            {
                return false;
            }
            i = digits;
        }
        end = i;
        return IsDelimiter(text, i);
    }

    private static int SkipDigits(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            i++;
        }
        return i;
    }

    /// <summary>What may follow a number or a literal inside an object: white space, a comma or the closing brace.</summary>
    private static bool IsDelimiter(ReadOnlySpan<byte> text, int i) =>
        i < text.Length && text[i] is (byte)',' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static int SkipWhiteSpace(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
        return i;
    }
}
