using System.Collections.Frozen;

namespace Udc.Features.Assistant.FastPath;

internal sealed partial class Lexicon
{
    /// <summary>Words shorter than 4 letters are too close to too many others to correct ("cat", "car", "cart").</summary>
    private const int MinCorrectedLength = 4;

    /// <summary>From 9 letters two slips are still one word ("quantitiy" is "quantity" with one, "retruned" needs one).</summary>
    private const int TwoEditLength = 9;

    /// <summary>Below 6 letters a changed letter makes another word too often ("best" and "west"), so only a missing, extra or swapped letter is corrected.</summary>
    private const int SubstitutionLength = 6;

    private readonly string[][] _wordsByLength;
    private readonly FrozenSet<string> _words;

    /// <summary>True when the word is part of some catalog phrase.</summary>
    public bool IsCatalogWord(string word) => _words.Contains(word);

    /// <summary>
    /// The catalog word a misspelt word was meant to be: the one word closest to it (Damerau-Levenshtein: a missing,
    /// extra, changed or swapped letter is one edit), within one edit (two from <see cref="TwoEditLength"/> letters).
    /// Null when no catalog word is that close or two are equally close: the fast path corrects only what it is sure of.
    /// </summary>
    public string? Correct(string word)
    {
        if (word.Length < MinCorrectedLength)
        {
            return null;
        }
        var limit = word.Length >= TwoEditLength ? 2 : 1;
        var substitution = word.Length >= SubstitutionLength ? 1 : 2;
        string? best = null;
        var bestDistance = limit + 1;
        var tied = false;
        for (var length = Math.Max(1, word.Length - limit); length <= word.Length + limit && length < _wordsByLength.Length; length++)
        {
            foreach (var candidate in _wordsByLength[length])
            {
                var distance = EditDistance(word, candidate, substitution, bestDistance);
                if (distance < bestDistance)
                {
                    (best, bestDistance, tied) = (candidate, distance, false);
                }
                else if (distance == bestDistance && distance <= limit)
                {
                    tied = true;
                }
            }
        }
        return best is not null && !tied && bestDistance <= limit ? best : null;
    }

    /// <summary>Optimal string alignment distance, stopping early once every path exceeds <paramref name="bound"/>.</summary>
    private static int EditDistance(string a, string b, int substitution, int bound)
    {
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : substitution;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > bound)
            {
                return bound + 1;
            }
            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.Length];
    }

    private static string[][] BuildWordsByLength(IEnumerable<LexiconPhrase> phrases)
    {
        var words = phrases.SelectMany(p => p.Words).Where(w => w.Length >= MinCorrectedLength - 2 && !w.All(char.IsAsciiDigit)).Distinct(StringComparer.Ordinal).ToList();
        var longest = words.Count == 0 ? 0 : words.Max(w => w.Length);
        var byLength = new string[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            byLength[length] = [.. words.Where(w => w.Length == length)];
        }
        return byLength;
    }
}
