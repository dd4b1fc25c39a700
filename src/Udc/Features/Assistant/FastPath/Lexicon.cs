using System.Collections.Frozen;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Features.Assistant.FastPath;

/// <summary>What a phrase of a question can name: a source (by its noun or name) or a value of a low-cardinality column.</summary>
internal sealed record LexiconEntry(SourceSnapshot Snapshot, Column? Column, string? Value)
{
    public bool IsNoun => Column is null;
}

/// <summary>A phrase of one or more words and everything it can name.</summary>
internal sealed record LexiconPhrase(string[] Words, List<LexiconEntry> Entries);

/// <summary>
/// The words the fast path understands, generated from the catalog: each source's noun (singular and plural)
/// and name, each value of a low-cardinality text column ("churned", "high", "daily active users", and for
/// values of three or more words their initials, "dau", and first and last word, "daily users"), and the
/// one-word column names ("status", "priority", "email").
/// </summary>
internal sealed class Lexicon
{
    private readonly FrozenDictionary<string, LexiconPhrase[]> _phrasesByFirstWord;

    public Lexicon(IReadOnlyList<SourceSnapshot> snapshots)
    {
        var phrases = new Dictionary<string, LexiconPhrase>(StringComparer.Ordinal);
        var columnWords = new Dictionary<string, List<(SourceSnapshot, Column)>>(StringComparer.Ordinal);
        var aliases = new List<(string Alias, LexiconEntry Entry)>();
        void Add(string[] words, LexiconEntry entry)
        {
            if (words.Length == 0)
            {
                return;
            }
            var key = string.Join(' ', words);
            if (!phrases.TryGetValue(key, out var phrase))
            {
                phrases[key] = phrase = new LexiconPhrase(words, []);
            }
            if (!phrase.Entries.Contains(entry))
            {
                phrase.Entries.Add(entry);
            }
        }

        foreach (var snapshot in snapshots)
        {
            var noun = new LexiconEntry(snapshot, null, null);
            Add(Words(snapshot.Noun.Singular), noun);
            Add(Words(snapshot.Noun.Plural), noun);
            Add(Words(snapshot.Name), noun);
            foreach (var profile in snapshot.Profile.Columns)
            {
                var column = profile.Column;
                if (Words(column.Name) is [var single] && column != snapshot.IdColumn)
                {
                    if (!columnWords.TryGetValue(single, out var list))
                    {
                        columnWords[single] = list = [];
                    }
                    list.Add((snapshot, column));
                }
                if (column.Type != ColumnType.String || profile.Values is not { } values || column == snapshot.IdColumn)
                {
                    continue;
                }
                foreach (var value in values)
                {
                    var words = Words(value);
                    if (words.Length is 0 or > 6 || words.All(w => w.All(char.IsAsciiDigit)))
                    {
                        continue;
                    }
                    var entry = new LexiconEntry(snapshot, column, value);
                    Add(words, entry);
                    if (words.Length >= 3)
                    {
                        aliases.Add((new string([.. words.Select(w => w[0])]), entry));
                        aliases.Add(($"{words[0]} {words[^1]}", entry));
                    }
                }
            }
        }
        // An alias never shadows a real word: "dau" only if no noun or value is spelled so.
        foreach (var (alias, entry) in aliases)
        {
            if (!phrases.ContainsKey(alias) && !FastPathWords.IsKnown(alias))
            {
                Add(alias.Split(' '), entry);
            }
        }
        _phrasesByFirstWord = phrases.Values
            .GroupBy(p => p.Words[0], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(p => p.Words.Length).ToArray(), StringComparer.Ordinal);
        ColumnWords = columnWords.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public FrozenDictionary<string, List<(SourceSnapshot Snapshot, Column Column)>> ColumnWords { get; }

    /// <summary>The longest phrase that starts at <paramref name="start"/>, or null.</summary>
    public LexiconPhrase? Match(List<QuestionToken> tokens, int start)
    {
        if (tokens[start].Kind != TokenKind.Word || !_phrasesByFirstWord.TryGetValue(tokens[start].Text, out var candidates))
        {
            return null;
        }
        foreach (var phrase in candidates)
        {
            if (start + phrase.Words.Length > tokens.Count)
            {
                continue;
            }
            var matches = true;
            for (var w = 1; w < phrase.Words.Length && matches; w++)
            {
                matches = tokens[start + w].IsWord(phrase.Words[w]);
            }
            if (matches)
            {
                return phrase;
            }
        }
        return null;
    }

    /// <summary>A name or value as the words a person says: <c>daily_active_users</c> is "daily active users".</summary>
    public static string[] Words(string text) =>
        text.ToLowerInvariant().Split([' ', '_', '-', '.', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
