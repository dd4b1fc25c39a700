using System.Text;
using System.Text.RegularExpressions;

namespace Udc.Engine.Describe;

/// <summary>
/// Text from the data (or from a caller) as it may appear in a sentence UDC speaks: <c>voice_context</c> is read
/// aloud as is, and a model may repeat it, so row text never brings instructions or control characters into it.
/// Control and format characters (newlines, zero-width and bidirectional marks) become spaces, long text is cut,
/// and text shaped like instructions to a model is withheld altogether.
/// </summary>
internal static partial class SpokenText
{
    /// <summary>A name, a subject or a short note reads aloud in under 80 characters; longer text is cut at a word.</summary>
    public const int MaxLength = 80;

    /// <summary>What stands in a sentence for text that looks like instructions.</summary>
    public const string Withheld = "(text withheld)";

    public static string Safe(string text)
    {
        var clean = Clean(text);
        if (LooksLikeInstructions().IsMatch(clean))
        {
            return Withheld;
        }
        if (clean.Length <= MaxLength)
        {
            return clean;
        }
        var cut = clean.LastIndexOf(' ', MaxLength);
        return string.Concat(clean.AsSpan(0, cut > MaxLength / 2 ? cut : MaxLength).TrimEnd(), "…");
    }

    private static string Clean(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 4 * MaxLength));
        var space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var blank = Rune.IsWhiteSpace(rune) || category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format;
            if (blank)
            {
                space = builder.Length > 0;
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(rune.ToString());
            // Enough to decide, and to cut: the rest of a long value is never spoken.
            if (builder.Length > 4 * MaxLength)
            {
                break;
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// The shapes prompt injections take: telling a model to ignore or forget its instructions, speaking as a
    /// system or assistant turn, asking it to reveal its prompt or secrets, or tags that open a turn. Source-generated
    /// (no automaton built at run time, which cost the first answer tens of milliseconds); the gaps are bounded and
    /// the text is at most 320 characters by then, so backtracking stays small.
    /// </summary>
    [GeneratedRegex(@"\b(ignore|disregard|forget|override)\b.{0,40}\b(instruction|prompt|rule|previous|above|earlier|everything)|\b(system|assistant|developer|user)\s*:|\byou are now\b|\bnew instructions\b|\b(reveal|print|repeat|show)\b.{0,30}\b(system prompt|instructions|secret|api key|password|prompt)|<\s*/?\s*\|?\s*(system|instructions?|untrusted|im_start|im_end)|\bjailbreak\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeInstructions();
}
