using System.Collections.Frozen;
using Udc.Engine.Query;

namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// The small closed vocabulary of English around the catalog's own words: question words, articles, "how many",
/// "average", "by", "not", "or", comparisons. Nothing here names a column or a value; those come from the catalog
/// (<see cref="Lexicon"/>). A question is claimed only when every word is one of these, a catalog word, a number or
/// a date.
/// </summary>
internal static class FastPathWords
{
    /// <summary>Articles, pronouns, prepositions and question words: never a catalog word, whatever a file calls its columns.</summary>
    private static readonly string[] s_grammar =
    [
        "a", "an", "the", "me", "us", "we", "our", "i", "my", "you", "your", "what", "whats", "are", "is", "was", "were", "there",
        "theres", "do", "does", "did", "have", "has", "had", "of", "for", "from", "with", "in", "on", "at", "to", "into", "within",
        "it", "its", "their", "they", "them", "that", "this", "these", "those", "be",
    ];

    /// <summary>Words that carry no meaning for the query; a catalog word spelled the same wins over them.</summary>
    private static readonly string[] s_fillers =
    [
        "please", "show", "list", "get", "find", "give", "display", "tell", "currently", "current", "right", "now", "all",
        "belonging", "about", "can", "could", "would", "let", "know", "see", "view", "fetch", "look", "up", "details", "detail",
        "info", "information", "record", "records", "placed", "made", "got", "received", "submitted", "raised", "been", "being",
        "any", "some", "only", "so", "far", "yet", "ever", "exist", "exists", "existing", "available", "possible", "having",
        "kind", "kinds", "also", "just", "overall", "altogether", "one", "ones", "entries", "entry", "rows", "row", "where",
    ];

    private static readonly (string Phrase, WordRole Role, FilterOperator Operator)[] s_phrases =
    [
        ("how many", WordRole.Count, default), ("number of", WordRole.Count, default), ("count", WordRole.Count, default),
        ("count of", WordRole.Count, default), ("total number of", WordRole.Count, default), ("total count of", WordRole.Count, default),
        ("in total", WordRole.Filler, default), ("total", WordRole.Total, default),
        ("or", WordRole.Or, default), ("either", WordRole.Filler, default), ("and", WordRole.And, default), ("as well as", WordRole.And, default),
        ("not", WordRole.Not, default), ("arent", WordRole.Not, default), ("isnt", WordRole.Not, default), ("wasnt", WordRole.Not, default),
        ("werent", WordRole.Not, default), ("dont", WordRole.Not, default), ("doesnt", WordRole.Not, default), ("didnt", WordRole.Not, default),
        ("havent", WordRole.Not, default), ("hasnt", WordRole.Not, default), ("except", WordRole.Not, default), ("excluding", WordRole.Not, default),
        ("other than", WordRole.Not, default), ("non", WordRole.Not, default),
        ("no", WordRole.Without, default), ("without", WordRole.Without, default), ("missing", WordRole.Without, default),
        ("by", WordRole.Group, default), ("per", WordRole.Group, default), ("for each", WordRole.Group, default), ("for every", WordRole.Group, default),
        ("each", WordRole.Group, default), ("broken down by", WordRole.Group, default), ("grouped by", WordRole.Group, default),
        ("group by", WordRole.Group, default), ("breakdown by", WordRole.Group, default), ("split by", WordRole.Group, default),
        ("over", WordRole.Compare, FilterOperator.GreaterThan), ("above", WordRole.Compare, FilterOperator.GreaterThan),
        ("more than", WordRole.Compare, FilterOperator.GreaterThan), ("greater than", WordRole.Compare, FilterOperator.GreaterThan),
        ("higher than", WordRole.Compare, FilterOperator.GreaterThan), ("larger than", WordRole.Compare, FilterOperator.GreaterThan),
        ("bigger than", WordRole.Compare, FilterOperator.GreaterThan), ("exceeding", WordRole.Compare, FilterOperator.GreaterThan),
        ("at least", WordRole.Compare, FilterOperator.GreaterThanOrEqual), ("no less than", WordRole.Compare, FilterOperator.GreaterThanOrEqual),
        ("not less than", WordRole.Compare, FilterOperator.GreaterThanOrEqual),
        ("under", WordRole.Compare, FilterOperator.LessThan), ("below", WordRole.Compare, FilterOperator.LessThan),
        ("less than", WordRole.Compare, FilterOperator.LessThan), ("lower than", WordRole.Compare, FilterOperator.LessThan),
        ("smaller than", WordRole.Compare, FilterOperator.LessThan), ("fewer than", WordRole.Compare, FilterOperator.LessThan),
        ("at most", WordRole.Compare, FilterOperator.LessThanOrEqual), ("no more than", WordRole.Compare, FilterOperator.LessThanOrEqual),
        ("not more than", WordRole.Compare, FilterOperator.LessThanOrEqual),
        ("equal to", WordRole.Compare, FilterOperator.In), ("equals", WordRole.Compare, FilterOperator.In), ("exactly", WordRole.Compare, FilterOperator.In),
        ("between", WordRole.Between, default),
        ("average", WordRole.Average, default), ("average of", WordRole.Average, default), ("avg", WordRole.Average, default), ("mean", WordRole.Average, default),
        ("sum", WordRole.Sum, default), ("sum of", WordRole.Sum, default),
        ("highest", WordRole.Highest, default), ("largest", WordRole.Highest, default), ("biggest", WordRole.Highest, default),
        ("greatest", WordRole.Highest, default), ("maximum", WordRole.Highest, default), ("max", WordRole.Highest, default),
        ("top", WordRole.Highest, default), ("most expensive", WordRole.Highest, default),
        ("lowest", WordRole.Lowest, default), ("smallest", WordRole.Lowest, default), ("minimum", WordRole.Lowest, default),
        ("min", WordRole.Lowest, default), ("cheapest", WordRole.Lowest, default), ("least expensive", WordRole.Lowest, default),
        ("most", WordRole.Most, default), ("fewest", WordRole.Fewest, default), ("least", WordRole.Fewest, default),
        ("newest", WordRole.Newest, default), ("latest", WordRole.Newest, default), ("most recent", WordRole.Newest, default),
        ("last", WordRole.Newest, default), ("oldest", WordRole.Oldest, default), ("earliest", WordRole.Oldest, default), ("first", WordRole.Oldest, default),
        ("which", WordRole.Which, default), ("who", WordRole.Who, default), ("whom", WordRole.Who, default), ("whose", WordRole.Who, default),
        ("when", WordRole.When, default), ("what date", WordRole.When, default), ("what day", WordRole.When, default), ("how much", WordRole.HowMuch, default),
        ("value", WordRole.Amount, default), ("worth", WordRole.Amount, default), ("amount", WordRole.Amount, default),
        ("sources", WordRole.Sources, default), ("data sources", WordRole.Sources, default), ("datasets", WordRole.Sources, default),
        ("data sets", WordRole.Sources, default), ("tables", WordRole.Sources, default), ("files", WordRole.Sources, default),
        ("data", WordRole.Data, default),
        ("columns", WordRole.Columns, default), ("fields", WordRole.Columns, default), ("attributes", WordRole.Columns, default),
        ("column names", WordRole.Columns, default), ("describe", WordRole.Columns, default), ("schema", WordRole.Columns, default),
        ("metrics", WordRole.Measures, default), ("measures", WordRole.Measures, default), ("numeric columns", WordRole.Measures, default),
        ("values", WordRole.Values, default), ("possible values", WordRole.Values, default), ("options", WordRole.Values, default),
    ];

    /// <summary>
    /// Words that make a question something other than a read of the data: writes, judgement, forecasts and text aimed
    /// at the model. Any unknown word hands a question over; these are listed so that spelling correction never turns
    /// one into a catalog word ("best" is one letter from "west").
    /// </summary>
    private static readonly string[] s_handOver =
    [
        "ignore", "previous", "instructions", "instruction", "prompt", "system", "pretend", "forget", "disregard", "delete", "remove",
        "update", "change", "set", "create", "add", "insert", "cancel", "refund", "send", "modify", "edit", "write", "drop", "predict",
        "forecast", "will", "should", "why", "trend", "trends", "compare", "recommend", "best", "worst", "good", "bad", "better", "worse",
        "next", "tomorrow", "expect", "estimate", "likely", "probably", "future", "think", "guess", "mark", "assign", "close",
    ];

    /// <summary>Words between a noun and its id: "ticket number 5", "customer id 7", "ticket no 5".</summary>
    private static readonly FrozenSet<string> s_idMarkers = FrozenSet.Create(StringComparer.Ordinal, "number", "no", "id", "num", "nr");

    private static readonly FrozenDictionary<string, FunctionPhrase[]> s_byFirstWord = BuildPhrases();

    /// <summary>Core grammar and one-word structural phrases; a word inside a longer phrase ("total" of "total number of") is not one.</summary>
    private static readonly FrozenSet<string> s_grammarWords = FrozenSet.Create(StringComparer.Ordinal,
        [.. s_grammar, .. s_phrases.Where(p => IsStructural(p.Role) && !p.Phrase.Contains(' ')).Select(p => p.Phrase)]);

    private static readonly FrozenSet<string> s_known = FrozenSet.Create(StringComparer.Ordinal,
        [.. s_grammar, .. s_fillers, .. s_handOver, .. s_idMarkers, .. s_phrases.SelectMany(p => p.Phrase.Split(' ')), .. DateReader.Words]);

    public static bool IsIdMarker(string word) => s_idMarkers.Contains(word);

    /// <summary>True for every word of the vocabulary, dates included: such a word is never corrected as a misspelling.</summary>
    public static bool IsKnown(string word) => s_known.Contains(word);

    /// <summary>Words a catalog phrase may not be: a value "or" or a column "by" would change how every question reads.</summary>
    public static bool IsGrammar(string word) => s_grammarWords.Contains(word);

    /// <summary>The longest vocabulary phrase starting at <paramref name="start"/>, or null.</summary>
    public static FunctionPhrase? Match(List<QuestionToken> tokens, int start)
    {
        if (tokens[start].Kind != TokenKind.Word || !s_byFirstWord.TryGetValue(tokens[start].Text, out var candidates))
        {
            return null;
        }
        foreach (var phrase in candidates)
        {
            if (Lexicon.Matches(tokens, start, phrase.Words))
            {
                return phrase;
            }
        }
        return null;
    }

    /// <summary>Roles that hold a question together; a catalog word never stands in for one of their words.</summary>
    public static bool IsStructural(WordRole role) => role is WordRole.Count or WordRole.Or or WordRole.And or WordRole.Not or WordRole.Without
        or WordRole.Group or WordRole.Compare or WordRole.Between or WordRole.Which or WordRole.Who or WordRole.When or WordRole.HowMuch or WordRole.HandOver;

    private static FrozenDictionary<string, FunctionPhrase[]> BuildPhrases()
    {
        var phrases = s_phrases.Select(p => new FunctionPhrase(p.Phrase.Split(' '), p.Role, p.Operator))
            .Concat(s_grammar.Concat(s_fillers).Select(w => new FunctionPhrase([w], WordRole.Filler)))
            .Concat(s_handOver.Select(w => new FunctionPhrase([w], WordRole.HandOver)))
            .DistinctBy(p => p.Text);
        return phrases.GroupBy(p => p.Words[0], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(p => p.Words.Length).ToArray(), StringComparer.Ordinal);
    }
}
