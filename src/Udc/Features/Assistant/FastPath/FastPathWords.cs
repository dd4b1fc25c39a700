using System.Collections.Frozen;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// The small closed vocabulary around the catalog's own words. A question is claimed only when every word is
/// one of these, a catalog word, a number or a date: one unknown word ("not", "average", "last", "why") and
/// the question goes to the model.
/// </summary>
internal static class FastPathWords
{
    /// <summary>Words that carry no meaning for the query: politeness, question words, articles, "show me".</summary>
    private static readonly FrozenSet<string> s_fillers = FrozenSet.Create(StringComparer.Ordinal,
        "a", "an", "the", "me", "us", "we", "our", "i", "my", "you", "please", "show", "list", "get", "find", "give", "display", "tell",
        "what", "whats", "which", "are", "is", "was", "were", "there", "do", "does", "have", "has", "had", "all", "currently", "current",
        "right", "now", "of", "for", "from", "by", "with", "in", "on", "to", "belonging", "about", "can", "could", "would", "let", "know",
        "see", "view", "fetch", "look", "up", "details", "detail", "info", "information", "record", "records", "at", "value", "values",
        "many", "much", "how", "count", "number", "total", "data", "it", "be");

    /// <summary>Words that make a question a count: "how many", "count", "number of", "total".</summary>
    private static readonly FrozenSet<string> s_countWords = FrozenSet.Create(StringComparer.Ordinal, "many", "count", "number", "total");

    /// <summary>Words between a noun and its id: "ticket number 5", "customer id 7", "ticket no 5".</summary>
    private static readonly FrozenSet<string> s_idMarkers = FrozenSet.Create(StringComparer.Ordinal, "number", "no", "id", "num", "nr");

    public static bool IsFiller(string word) => s_fillers.Contains(word);

    public static bool IsCountWord(string word) => s_countWords.Contains(word);

    public static bool IsIdMarker(string word) => s_idMarkers.Contains(word);

    public static bool IsKnown(string word) => s_fillers.Contains(word) || s_idMarkers.Contains(word) || DateWords.Contains(word);

    /// <summary>Prepositions of a date expression: "on D", "from D to D", "between D and D", "since D", "until D".</summary>
    public static readonly FrozenSet<string> DateWords = FrozenSet.Create(StringComparer.Ordinal, "on", "for", "from", "to", "between", "and", "since", "until", "till", "through");
}
