using Udc.Engine.Catalog;

namespace Udc.Features.Assistant.FastPath;

internal enum TermKind : byte
{
    /// <summary>A catalog phrase: a noun, a value or a column.</summary>
    Catalog,

    /// <summary>A phrase of the closed vocabulary with a role.</summary>
    Function,

    Number,

    /// <summary>A record named by noun and id: "order 31", "ticket #123".</summary>
    Reference,
}

/// <summary>One meaningful piece of a question, in order; fillers are dropped before the question is read.</summary>
internal readonly record struct Term(TermKind Kind, LexiconPhrase? Phrase = null, FunctionPhrase? Word = null, QuestionToken Token = default, SourceSnapshot? Source = null)
{
    public bool Is(WordRole role) => Kind == TermKind.Function && Word!.Role == role;

    public bool IsNoun => Kind == TermKind.Catalog && Phrase!.IsNoun;

    /// <summary>A catalog phrase that names a value somewhere.</summary>
    public bool IsValue => Kind == TermKind.Catalog && Phrase!.Has(EntryKind.Value) && !Phrase.Has(EntryKind.Noun);

    /// <summary>A word that narrows a noun it stands before: a value ("shipped order") or a boolean column ("unpaid invoice").</summary>
    public bool IsAdjective => IsValue || IsColumn && Phrase!.Entries.TrueForAll(e => e.Column!.Type == Engine.Columns.ColumnType.Boolean);

    /// <summary>A catalog phrase that names a column and no value.</summary>
    public bool IsColumn => Kind == TermKind.Catalog && Phrase!.Has(EntryKind.Column) && !Phrase.Has(EntryKind.Value) && !Phrase.Has(EntryKind.Noun);
}
