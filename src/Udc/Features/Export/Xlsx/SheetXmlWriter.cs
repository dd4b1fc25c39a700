using System.Buffers;
using System.Globalization;
using System.Text;

namespace Udc.Features.Export.Xlsx;

/// <summary>
/// Writes SpreadsheetML text into a pooled buffer and hands full buffers to a stream. Text is escaped for XML
/// and for the <c>ST_Xstring</c> rules of ECMA-376: characters XML 1.0 cannot carry become <c>_xHHHH_</c>, a
/// literal <c>_xHHHH_</c> gets its underscore escaped, and CR is a character reference so no XML parser
/// turns it into LF.
/// </summary>
internal sealed class SheetXmlWriter(Stream target) : IDisposable
{
    /// <summary>64 KiB, as the response sends: one full buffer compresses to well under one send.</summary>
    public const int BufferSize = 64 * 1024;

    /// <summary>The longest expansion of one input byte (<c>_x001F_</c>), so a run of escapes is bounded.</summary>
    private const int MaxEscapeLength = 7;

    /// <summary>Bytes that need a look: XML specials, control characters, '_' (a possible <c>_xHHHH_</c>), and 0xEF (U+FFFE, U+FFFF).</summary>
    private static readonly SearchValues<byte> s_special = SearchValues.Create(
        [(byte)'<', (byte)'>', (byte)'&', (byte)'_', 0xEF, .. Enumerable.Range(0, 0x20).Select(b => (byte)b).Where(b => b is not (byte)'\t' and not (byte)'\n')]);

    private static readonly SearchValues<byte> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _length;

    /// <summary>Bytes waiting in the buffer.</summary>
    public int Buffered => _length;

    public void Raw(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _buffer.Length - _length)
        {
            Flush();
            if (utf8.Length > _buffer.Length)
            {
                target.Write(utf8);
                return;
            }
        }
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
    }

    public void Number(long value) => Formatted(value);

    public void Number(int value) => Formatted(value);

    /// <summary>The shortest text that reads back as the same double.</summary>
    public void Number(double value)
    {
        Ensure(32);
        value.TryFormat(_buffer.AsSpan(_length), out var written, "R", CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Formatted<T>(T value)
        where T : IUtf8SpanFormattable
    {
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>UTF-8 text as XML character data, escaped.</summary>
    public void Text(ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            var plain = utf8.IndexOfAny(s_special);
            var run = plain < 0 ? utf8.Length : plain;
            if (run > 0)
            {
                Raw(utf8[..run]);
                utf8 = utf8[run..];
                continue;
            }
            utf8 = utf8[Escape(utf8)..];
        }
    }

    /// <summary>Writes the special byte at the start of <paramref name="utf8"/>; returns how many bytes it consumed.</summary>
    private int Escape(ReadOnlySpan<byte> utf8)
    {
        Ensure(MaxEscapeLength);
        var b = utf8[0];
        switch (b)
        {
            case (byte)'<':
                Raw("&lt;"u8);
                return 1;
            case (byte)'>':
                Raw("&gt;"u8);
                return 1;
            case (byte)'&':
                Raw("&amp;"u8);
                return 1;
            case (byte)'\r':
                Raw("&#13;"u8);
                return 1;
            case (byte)'_':
                Raw(LooksEscaped(utf8) ? "_x005F_"u8 : "_"u8);
                return 1;
            case 0xEF when utf8.Length >= 3 && utf8[1] == 0xBF && utf8[2] is 0xBE or 0xBF:
                Raw(utf8[2] == 0xBE ? "_xFFFE_"u8 : "_xFFFF_"u8);
                return 3;
            case 0xEF:
                Raw(utf8[..1]);
                return 1;
            default:
                Raw("_x00"u8);
                Hex(b);
                Raw("_"u8);
                return 1;
        }
    }

    /// <summary>True for <c>_xHHHH_</c>, which a reader would decode: the underscore must then be escaped itself.</summary>
    private static bool LooksEscaped(ReadOnlySpan<byte> utf8) =>
        utf8.Length >= 7 && utf8[1] == (byte)'x' && utf8[6] == (byte)'_' && utf8[2..6].IndexOfAnyExcept(s_hexDigits) < 0;

    private void Hex(byte value)
    {
        Ensure(2);
        _buffer[_length++] = "0123456789ABCDEF"u8[value >> 4];
        _buffer[_length++] = "0123456789ABCDEF"u8[value & 0xF];
    }

    private void Ensure(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            Flush();
        }
    }

    /// <summary>Hands the buffered bytes to the stream.</summary>
    public void Flush()
    {
        if (_length > 0)
        {
            target.Write(_buffer.AsSpan(0, _length));
            _length = 0;
        }
    }

    /// <summary>The longest prefix of <paramref name="utf8"/> Excel takes in one cell, cut between characters.</summary>
    public static ReadOnlySpan<byte> ClipToCell(ReadOnlySpan<byte> utf8)
    {
        // Every UTF-16 code unit takes at least one UTF-8 byte, so a short value cannot be too long.
        if (utf8.Length <= XlsxLimits.MaxCellChars || Encoding.UTF8.GetCharCount(utf8) <= XlsxLimits.MaxCellChars)
        {
            return utf8;
        }
        var chars = 0;
        var index = 0;
        while (index < utf8.Length)
        {
            Rune.DecodeFromUtf8(utf8[index..], out var rune, out var consumed);
            if (chars + rune.Utf16SequenceLength > XlsxLimits.MaxCellChars)
            {
                break;
            }
            chars += rune.Utf16SequenceLength;
            index += consumed;
        }
        return utf8[..index];
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
