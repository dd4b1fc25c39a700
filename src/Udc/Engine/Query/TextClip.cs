namespace Udc.Engine.Query;

/// <summary>Shortens text a client sent before it is echoed in a message, without splitting a surrogate pair.</summary>
internal static class TextClip
{
    public static string Clip(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }
        var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
