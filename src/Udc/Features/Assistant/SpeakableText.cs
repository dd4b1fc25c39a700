using System.Text;
using System.Text.RegularExpressions;

namespace Udc.Features.Assistant;

/// <summary>
/// Makes a model's answer speakable: markdown (emphasis, headings, bullets, code, links) is removed and lines
/// are joined. The voice form also spells out what a text-to-speech engine reads badly: "#123", "%", "&amp;",
/// and e-mail addresses.
/// </summary>
internal static partial class SpeakableText
{
    public static string Plain(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var sentences = new List<string>();
        foreach (var raw in lines)
        {
            var line = ListMarker().Replace(raw.Trim(), "");
            line = Heading().Replace(line, "");
            line = Link().Replace(line, "$1");
            line = Emphasis().Replace(line, "");
            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            // A bullet list read aloud needs a pause between items.
            if (sentences.Count > 0 && !EndsSentence(sentences[^1]))
            {
                sentences[^1] += ".";
            }
            sentences.Add(line);
        }
        return Spaces().Replace(string.Join(' ', sentences), " ").Trim();
    }

    public static string Voice(string plain)
    {
        var text = NumberSign().Replace(plain, "number $1");
        text = Email().Replace(text, m => $"{m.Groups[1].Value.Replace(".", " dot ", StringComparison.Ordinal)} at {m.Groups[2].Value.Replace(".", " dot ", StringComparison.Ordinal)}");
        var builder = new StringBuilder(text)
            .Replace("%", " percent")
            .Replace(" & ", " and ");
        return Spaces().Replace(builder.ToString(), " ").Trim();
    }

    private static bool EndsSentence(string text) => text.Length > 0 && text[^1] is '.' or '!' or '?' or ':' or ';';

    [GeneratedRegex(@"^([-*+•]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^#{1,6}\s*")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__|`+|~~|(?<=\s|^)[*_](?=\S)|(?<=\S)[*_](?=\s|$|[.,;:!?]))")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"#(\d+)")]
    private static partial Regex NumberSign();

    [GeneratedRegex(@"\b([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")]
    private static partial Regex Email();
}
