namespace Udc.Features.Assistant.FastPath;

/// <summary>
/// Turns a question's tokens (its date already read) into terms: catalog phrases, vocabulary phrases with their
/// roles, numbers, and records named by noun and id. Misspelt words are corrected against the catalog first. One
/// word that is neither known nor a correctable catalog word, or a word that hands the question over, and the
/// question is not claimed.
/// </summary>
internal static class QuestionReader
{
    public static List<Term>? Read(List<QuestionToken> tokens, bool[] consumed, Lexicon lexicon)
    {
        if (!CorrectSpelling(tokens, consumed, lexicon))
        {
            return null;
        }
        var terms = new List<Term>(tokens.Count);
        for (var i = 0; i < tokens.Count;)
        {
            if (consumed[i])
            {
                i++;
                continue;
            }
            var token = tokens[i];
            if (token.Kind != TokenKind.Word)
            {
                if (token.Kind != TokenKind.Number)
                {
                    return null;
                }
                terms.Add(new Term(TermKind.Number, Token: token));
                i++;
                continue;
            }
            // "customer id 7" is customer 7, even where another source has a column called customer id.
            if (lexicon.MatchNoun(tokens, i) is { } noun && !Overlaps(consumed, i, noun.Words.Length) && ReadId(tokens, consumed, i + noun.Words.Length) is { } id)
            {
                terms.Add(new Term(TermKind.Reference, noun, Token: tokens[id], Source: noun.Entries[0].Snapshot));
                i = id + 1;
                continue;
            }
            var catalog = lexicon.Match(tokens, i);
            var function = FastPathWords.Match(tokens, i);
            if (catalog is not null && Overlaps(consumed, i, catalog.Words.Length))
            {
                catalog = null;
            }
            if (function is not null && Overlaps(consumed, i, function.Words.Length))
            {
                function = null;
            }
            if (PreferCatalog(catalog, function, tokens, i, lexicon))
            {
                terms.Add(new Term(TermKind.Catalog, catalog));
                i += catalog!.Words.Length;
                continue;
            }
            if (function is null || function.Role == WordRole.HandOver)
            {
                return null;
            }
            if (function.Role != WordRole.Filler)
            {
                terms.Add(new Term(TermKind.Function, Word: function));
            }
            i += function.Words.Length;
        }
        return terms;
    }

    /// <summary>
    /// The longer phrase wins. At equal length a structural word ("not", "by", "how many") always wins, and a catalog
    /// word wins over the rest, except that "total", "average" or "highest" right before another catalog phrase or
    /// "value" is the function: "total quantity" is a sum even in a file with a column called total.
    /// </summary>
    private static bool PreferCatalog(LexiconPhrase? catalog, FunctionPhrase? function, List<QuestionToken> tokens, int i, Lexicon lexicon)
    {
        if (catalog is null)
        {
            return false;
        }
        if (function is null || catalog.Words.Length > function.Words.Length)
        {
            return true;
        }
        if (function.Words.Length > catalog.Words.Length || FastPathWords.IsStructural(function.Role))
        {
            return false;
        }
        var next = i + function.Words.Length;
        var beforeTarget = next < tokens.Count && (lexicon.Match(tokens, next) is not null || FastPathWords.Match(tokens, next) is { Role: WordRole.Amount });
        return !(beforeTarget && function.Role is WordRole.Total or WordRole.Average or WordRole.Sum or WordRole.Highest or WordRole.Lowest);
    }

    /// <summary>Every unknown word is replaced by the catalog word it misspells; false when one cannot be.</summary>
    private static bool CorrectSpelling(List<QuestionToken> tokens, bool[] consumed, Lexicon lexicon)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (consumed[i] || token.Kind != TokenKind.Word || FastPathWords.IsKnown(token.Text) || lexicon.IsCatalogWord(token.Text))
            {
                continue;
            }
            if (lexicon.Correct(token.Text) is not { } corrected)
            {
                return false;
            }
            tokens[i] = token with { Text = corrected };
        }
        return true;
    }

    /// <summary>"ticket 5", "ticket #5", "ticket number 5", "customer id 7": the index of the whole number, or null.</summary>
    private static int? ReadId(List<QuestionToken> tokens, bool[] consumed, int next)
    {
        if (next < tokens.Count && !consumed[next] && tokens[next] is { Kind: TokenKind.Number, IsWhole: true })
        {
            return next;
        }
        if (next + 1 < tokens.Count && !consumed[next + 1] && tokens[next].Kind == TokenKind.Word && FastPathWords.IsIdMarker(tokens[next].Text)
            && tokens[next + 1] is { Kind: TokenKind.Number, IsWhole: true })
        {
            return next + 1;
        }
        return null;
    }

    private static bool Overlaps(bool[] consumed, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (consumed[i])
            {
                return true;
            }
        }
        return false;
    }
}
