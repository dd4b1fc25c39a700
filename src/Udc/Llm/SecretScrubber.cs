using System.Text.RegularExpressions;

namespace Udc.Llm;

/// <summary>
/// Removes keys from provider messages before they reach a log or a client. Providers echo a rejected key in
/// part ("Incorrect API key provided: sk-abc***xyz"), so the exact key and anything shaped like a key go.
/// </summary>
internal static partial class SecretScrubber
{
    /// <summary>A provider message longer than 500 characters is an HTML page or a stack trace, not a message.</summary>
    private const int MaxMessageLength = 500;

    public static string Scrub(string text, string? apiKey)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            text = text.Replace(apiKey, "[redacted]", StringComparison.Ordinal);
        }
        text = KeyShaped().Replace(text, "[redacted]");
        return text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
    }

    /// <summary>OpenAI (<c>sk-</c>, <c>sk-proj-</c>), Anthropic (<c>sk-ant-</c>) and Google (<c>AIza</c>) key shapes, masked or not.</summary>
    [GeneratedRegex(@"(sk-[A-Za-z0-9_\-\*\.]{6,}|AIza[0-9A-Za-z_\-\*]{10,})")]
    private static partial Regex KeyShaped();
}
