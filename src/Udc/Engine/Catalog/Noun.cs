namespace Udc.Engine.Catalog;

/// <summary>What one record of a source is called in sentences, singular and plural.</summary>
internal sealed record Noun(string Singular, string Plural)
{
    public string For(long count) => count == 1 ? Singular : Plural;

    public static Noun FromSingular(string singular) => new(singular, Pluralize(singular));

    /// <summary>A file stem such as <c>support_tickets</c> names its records: "ticket".</summary>
    public static Noun FromFileStem(string stem)
    {
        var lastWord = stem.Replace('-', '_').Split('_', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } words ? words[^1] : stem;
        return FromSingular(Singularize(lastWord.ToLowerInvariant()));
    }

    private static string Pluralize(string word) => word switch
    {
        _ when word.EndsWith('s') || word.EndsWith('x') || word.EndsWith("ch", StringComparison.Ordinal) || word.EndsWith("sh", StringComparison.Ordinal) => word + "es",
        [.. var head, var before, 'y'] when !"aeiou".Contains(before) => string.Concat(new string([.. head, before]), "ies"),
        _ => word + "s",
    };

    private static string Singularize(string word) => word switch
    {
        _ when word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 3 => word[..^3] + "y",
        _ when word.EndsWith("ses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) => word[..^2],
        _ when word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("ics", StringComparison.Ordinal) && word.Length > 1 => word[..^1],
        _ when word.EndsWith("ics", StringComparison.Ordinal) => word + " record",
        _ => word,
    };
}
