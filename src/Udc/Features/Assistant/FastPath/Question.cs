using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Features.Assistant.FastPath;

/// <summary>How a question names a column: by name, or by what it is ("who", "when", "value").</summary>
internal enum ColumnHint : byte
{
    Named,

    /// <summary>"value", "worth", "largest order": <see cref="ColumnRoles.Amount"/>.</summary>
    Amount,

    /// <summary>"who": <see cref="ColumnRoles.Name"/>.</summary>
    Name,

    /// <summary>"when", "newest": the source's time column.</summary>
    Time,

    /// <summary>"average daily active users": the time series' measure (<see cref="ColumnRoles.Measure"/>).</summary>
    Measure,
}

internal readonly record struct ColumnRef(ColumnHint Hint, LexiconPhrase? Phrase = null)
{
    public static ColumnRef Of(LexiconPhrase phrase) => new(ColumnHint.Named, phrase);
}

internal enum ConditionKind : byte
{
    /// <summary>"shipped or returned".</summary>
    AnyOf,

    /// <summary>"not shipped or returned": none of them.</summary>
    NoneOf,

    /// <summary>"paid invoices".</summary>
    True,

    /// <summary>"unpaid invoices", "invoices that aren't paid".</summary>
    False,

    /// <summary>"orders with no region".</summary>
    Missing,
}

/// <summary>A condition on values or on a boolean or empty column; the phrases are values, or the one column.</summary>
internal sealed record Condition(ConditionKind Kind, IReadOnlyList<LexiconPhrase> Phrases);

/// <summary>"total over 500": a column (or the amount when none is named), an operator and the number as written.</summary>
internal sealed record Comparison(ColumnRef Column, FilterOperator Operator, string Value);

/// <summary>"average total": a metric over a column; <see cref="Word"/> is how the question said it.</summary>
internal sealed record MetricAsk(MetricKind Kind, ColumnRef Target, string Word);

/// <summary>"largest order", "newest 3 orders": rows in order of a column, the first or the first few.</summary>
internal sealed record RowAsk(ColumnRef SortBy, bool Descending, string Word, int Count = 1);

/// <summary>"which customer has the most orders": the group that comes first or last by count or by a metric.</summary>
internal sealed record RankAsk(bool Most, MetricAsk? By, string Word);

/// <summary>What to group by: a column, or another source's noun whose id the source holds ("tickets by customer").</summary>
internal sealed record GroupAsk(LexiconPhrase Phrase, bool IsNoun);

internal enum MetaKind : byte
{
    Sources,
    Columns,
    Measures,
    Values,
}

/// <summary>A question about the catalog itself: which sources, which columns, which values of a column.</summary>
internal sealed record MetaAsk(MetaKind Kind, LexiconPhrase? Noun = null, LexiconPhrase? Column = null);

/// <summary>
/// A question read into parts, before they are bound to one source. Every term of the question ended up in exactly
/// one part; <see cref="QuestionPlanner"/> decides whether the parts make one answerable request.
/// </summary>
internal sealed class Question
{
    public DatePeriod? Period { get; init; }

    /// <summary>Nouns that name the source the question is about.</summary>
    public List<LexiconPhrase> Nouns { get; } = [];

    public Term? Reference { get; set; }

    public List<Condition> Conditions { get; } = [];

    public List<Comparison> Comparisons { get; } = [];

    public bool Count { get; set; }

    public MetricAsk? Metric { get; set; }

    public GroupAsk? Group { get; set; }

    public RankAsk? Rank { get; set; }

    public RowAsk? Row { get; set; }

    /// <summary>Columns asked for by what they are: "who", "when", "how much".</summary>
    public List<ColumnRef> Fields { get; } = [];

    /// <summary>Column words no other part took: fields of a record, a boolean condition, a series' measure.</summary>
    public List<LexiconPhrase> Columns { get; } = [];

    public MetaAsk? Meta { get; set; }
}
