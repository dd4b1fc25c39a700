namespace Udc.Engine.Query;

/// <summary>
/// SQL's LIKE over lower-cased UTF-8: <c>%</c> matches any run of characters, <c>_</c> exactly one character (one
/// UTF-8 sequence, so <c>_</c> matches "é" whole). Greedy with one backtrack point per <c>%</c>, the classic
/// wildcard match: linear in practice, quadratic at worst, and both value and pattern are bounded in length.
/// </summary>
internal static class LikePattern
{
    public static bool Matches(ReadOnlySpan<byte> value, ReadOnlySpan<byte> pattern)
    {
        int v = 0, p = 0, starP = -1, starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == (byte)'%')
            {
                starP = ++p;
                starV = v;
            }
            else if (p < pattern.Length && pattern[p] == (byte)'_')
            {
                p++;
                v += CharLength(value[v]);
            }
            else if (p < pattern.Length && pattern[p] == value[v])
            {
                p++;
                v++;
            }
            else if (starP >= 0)
            {
                p = starP;
                starV += CharLength(value[starV]);
                v = starV;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == (byte)'%')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>The length of the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).</summary>
    private static int CharLength(byte lead) => lead switch
    {
        < 0xC0 => 1,
        < 0xE0 => 2,
        < 0xF0 => 3,
        _ => 4,
    };
}
