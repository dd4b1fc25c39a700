using System.Globalization;

namespace Udc.Engine.Query;

/// <summary>
/// Scalars as every surface reads them from text: a query string always, a tool call when a model sends
/// <c>"2"</c> for a number. One reading, so <c>page=abc</c> and <c>"page": "abc"</c> get the same answer.
/// </summary>
internal static class RequestValues
{
    public static bool? ParseBoolean(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => null,
    };

    /// <summary>
    /// A whole number, or null when the text is not one. All digits past an int reads as the int's bound, so the
    /// binder's range check says what is valid instead of "not a number".
    /// </summary>
    public static int? ParseInteger(string text)
    {
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (int)Math.Clamp(value, int.MinValue, int.MaxValue);
        }
        if (text.Length > 0 && text.AsSpan().TrimStart('-').Length > 0 && text.AsSpan().TrimStart('-').IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return text.StartsWith('-') ? int.MinValue : int.MaxValue;
        }
        return null;
    }

    /// <summary>The issue for text that is not a whole number, worded alike everywhere.</summary>
    public static string NotAnInteger(string text) => $"'{TextClip.Clip(text, 40)}' is not a valid integer";
}
