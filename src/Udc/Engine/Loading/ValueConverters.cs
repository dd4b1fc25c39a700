using System.Buffers.Text;
using System.Text;

namespace Udc.Engine.Loading;

/// <summary>
/// How one collected value becomes a typed value. Converters are structs with a static method, so
/// <see cref="ColumnAssembler"/>'s loop is compiled once per converter with the conversion inlined.
/// </summary>
internal interface IValueConverter<T>
{
    static abstract bool TryConvert(RawKind kind, ReadOnlySpan<byte> text, out T value);
}

internal readonly struct Int64Converter : IValueConverter<long>
{
    public static bool TryConvert(RawKind kind, ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        return !text.IsEmpty && text[0] != '+' && !NumberText.HasLeadingZero(text)
            && Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }
}

internal readonly struct DoubleConverter : IValueConverter<double>
{
    public static bool TryConvert(RawKind kind, ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        return !text.IsEmpty && text[0] != '+' && !NumberText.HasLeadingZero(text)
            && Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && double.IsFinite(value);
    }
}

/// <summary>JSON <c>true</c> and <c>false</c>.</summary>
internal readonly struct BooleanKindConverter : IValueConverter<bool>
{
    public static bool TryConvert(RawKind kind, ReadOnlySpan<byte> text, out bool value)
    {
        value = kind == RawKind.True;
        return true;
    }
}

/// <summary>CSV's <c>true</c> and <c>false</c>, in any case.</summary>
internal readonly struct BooleanTextConverter : IValueConverter<bool>
{
    public static bool TryConvert(RawKind kind, ReadOnlySpan<byte> text, out bool value)
    {
        value = Ascii.EqualsIgnoreCase(text, "true"u8);
        return value || Ascii.EqualsIgnoreCase(text, "false"u8);
    }
}

internal static class NumberText
{
    /// <summary>"007" or "02134" is an identifier or a postcode, not the number 7: such text stays text.</summary>
    public static bool HasLeadingZero(ReadOnlySpan<byte> text)
    {
        var digits = text.Length > 0 && text[0] == '-' ? text[1..] : text;
        return digits.Length > 1 && digits[0] == '0' && char.IsAsciiDigit((char)digits[1]);
    }
}
