using System.Collections.Frozen;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Features.Assistant.FastPath;

internal enum EntryKind : byte
{
    /// <summary>A source, by its noun or name: "orders", "sensor readings".</summary>
    Noun,

    /// <summary>A value of a low-cardinality text column: "shipped", "cold store".</summary>
    Value,

    /// <summary>A column, by its name or a short form of it: "region", "customer name", "customer", "unpaid".</summary>
    Column,
}

/// <summary>One thing a phrase of a question can name in one source.</summary>
/// <param name="Plural">The column named in the plural ("regions"), as when asking which values it has.</param>
/// <param name="Negated">A boolean column with "un" in front ("unpaid"): the rows where it is false.</param>
internal sealed record LexiconEntry(SourceSnapshot Snapshot, EntryKind Kind, Column? Column = null, string? Value = null, bool Plural = false, bool Negated = false);

/// <summary>A phrase of one or more words and everything it can name.</summary>
internal sealed record LexiconPhrase(string[] Words, List<LexiconEntry> Entries)
{
    public string Text => string.Join(' ', Words);

    public bool Has(EntryKind kind) => Entries.Exists(e => e.Kind == kind);

    /// <summary>Only nouns: the phrase names sources and nothing else.</summary>
    public bool IsNoun => Entries.TrueForAll(e => e.Kind == EntryKind.Noun);

    public IEnumerable<SourceSnapshot> Sources => Entries.Select(e => e.Snapshot).Distinct();

    /// <summary>The one entry of <paramref name="kind"/> in <paramref name="snapshot"/>, or null when there is none or more than one.</summary>
    public LexiconEntry? In(SourceSnapshot snapshot, EntryKind kind)
    {
        LexiconEntry? found = null;
        foreach (var entry in Entries)
        {
            if (entry.Snapshot == snapshot && entry.Kind == kind)
            {
                if (found is not null && found.Column != entry.Column)
                {
                    return null;
                }
                found = entry;
            }
        }
        return found;
    }
}

/// <summary>
/// The words the fast path understands, generated from the catalog: each source's noun (singular and plural) and
/// name; each value of a low-cardinality text column ("shipped", "cold store", and for values of three or more words
/// their initials, "dau", and first and last word, "daily users"); each column by its name in words, singular and
/// plural ("region", "regions", "customer name"), by its first word when the second only says what kind of column
/// it is ("customer" for <c>customer_name</c>, "ordered" for <c>ordered_at</c>), and a boolean column with "un" in
/// front ("unpaid"). A new file gets the same words as the demo's.
/// </summary>
internal sealed partial class Lexicon
{
    /// <summary>The second words that only say what kind of column it is, so the first word alone names it.</summary>
    private static readonly FrozenSet<string> s_kindWords = FrozenSet.Create(StringComparer.Ordinal, "name", "at", "on", "date", "id", "time");

    /// <summary>Column names of more than four words are not how a person refers to a column.</summary>
    private const int MaxColumnWords = 4;

    /// <summary>Values of more than six words are sentences, not values a person says.</summary>
    private const int MaxValueWords = 6;

    private readonly FrozenDictionary<string, LexiconPhrase[]> _phrasesByFirstWord;

    public Lexicon(IReadOnlyList<SourceSnapshot> snapshots)
    {
        var phrases = new Dictionary<string, LexiconPhrase>(StringComparer.Ordinal);
        var aliases = new List<(string[] Words, LexiconEntry Entry)>();
        void Add(string[] words, LexiconEntry entry)
        {
            if (words.Length == 0 || words.Length == 1 && FastPathWords.IsGrammar(words[0]))
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
            var noun = new LexiconEntry(snapshot, EntryKind.Noun);
            Add(Words(snapshot.Noun.Singular), noun);
            Add(Words(snapshot.Noun.Plural), noun);
            Add(Words(snapshot.Name), noun);
            foreach (var profile in snapshot.Profile.Columns)
            {
                if (profile.Column == snapshot.IdColumn)
                {
                    continue;
                }
                AddColumn(snapshot, profile.Column, Add, aliases);
                AddValues(snapshot, profile, Add, aliases);
            }
        }
        // An alias never shadows a real word: "dau" or "customer" only if no noun, value or column is spelled so. Two
        // sources may share one ("created" for both created_at columns).
        var real = phrases.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var (words, entry) in aliases)
        {
            var key = string.Join(' ', words);
            if (!real.Contains(key) && !FastPathWords.IsKnown(key))
            {
                Add(words, entry);
            }
        }
        _phrasesByFirstWord = phrases.Values
            .GroupBy(p => p.Words[0], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(p => p.Words.Length).ToArray(), StringComparer.Ordinal);
        _wordsByLength = BuildWordsByLength(phrases.Values);
        _words = phrases.Values.SelectMany(p => p.Words).ToFrozenSet(StringComparer.Ordinal);
    }

    private static void AddColumn(SourceSnapshot snapshot, Column column, Action<string[], LexiconEntry> add, List<(string[], LexiconEntry)> aliases)
    {
        var words = Words(column.Name);
        if (words.Length is 0 or > MaxColumnWords)
        {
            return;
        }
        var entry = new LexiconEntry(snapshot, EntryKind.Column, column);
        add(words, entry);
        add([.. words[..^1], Noun.FromSingular(words[^1]).Plural], entry with { Plural = true });
        if (words.Length == 2 && s_kindWords.Contains(words[1]))
        {
            aliases.Add(([words[0]], entry));
        }
        if (column.Type == ColumnType.Boolean && words.Length == 1)
        {
            aliases.Add((["un" + words[0]], entry with { Negated = true }));
        }
    }

    private static void AddValues(SourceSnapshot snapshot, ColumnProfile profile, Action<string[], LexiconEntry> add, List<(string[], LexiconEntry)> aliases)
    {
        if (profile.Column.Type != ColumnType.String || profile.Values is not { } values)
        {
            return;
        }
        foreach (var value in values)
        {
            var words = Words(value);
            if (words.Length is 0 or > MaxValueWords || words.All(w => w.All(char.IsAsciiDigit)))
            {
                continue;
            }
            var entry = new LexiconEntry(snapshot, EntryKind.Value, profile.Column, value);
            add(words, entry);
            if (words.Length >= 3)
            {
                aliases.Add(([new string([.. words.Select(w => w[0])])], entry));
                aliases.Add(([words[0], words[^1]], entry));
            }
        }
    }

    /// <summary>The longest phrase that starts at <paramref name="start"/>, or null.</summary>
    public LexiconPhrase? Match(List<QuestionToken> tokens, int start)
    {
        if (tokens[start].Kind != TokenKind.Word || !_phrasesByFirstWord.TryGetValue(tokens[start].Text, out var candidates))
        {
            return null;
        }
        foreach (var phrase in candidates)
        {
            if (Matches(tokens, start, phrase.Words))
            {
                return phrase;
            }
        }
        return null;
    }

    /// <summary>The longest phrase starting at <paramref name="start"/> that names exactly one source and nothing else, or null.</summary>
    public LexiconPhrase? MatchNoun(List<QuestionToken> tokens, int start)
    {
        if (tokens[start].Kind != TokenKind.Word || !_phrasesByFirstWord.TryGetValue(tokens[start].Text, out var candidates))
        {
            return null;
        }
        foreach (var phrase in candidates)
        {
            if (phrase.IsNoun && phrase.Entries.Count == 1 && Matches(tokens, start, phrase.Words))
            {
                return phrase;
            }
        }
        return null;
    }

    /// <summary>True when the words at <paramref name="start"/> are <paramref name="words"/>.</summary>
    public static bool Matches(List<QuestionToken> tokens, int start, string[] words)
    {
        if (start + words.Length > tokens.Count)
        {
            return false;
        }
        for (var w = 0; w < words.Length; w++)
        {
            if (!tokens[start + w].IsWord(words[w]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A name or value as the words a person says: <c>daily_active_users</c> is "daily active users".</summary>
    public static string[] Words(string text) =>
        text.ToLowerInvariant().Split([' ', '_', '-', '.', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
