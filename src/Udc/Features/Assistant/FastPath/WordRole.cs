using Udc.Engine.Query;

namespace Udc.Features.Assistant.FastPath;

/// <summary>What a word of the closed vocabulary does in a question.</summary>
internal enum WordRole : byte
{
    /// <summary>Carries no meaning for the query: "show me", "the", "please", "placed".</summary>
    Filler,

    /// <summary>"how many", "number of", "count".</summary>
    Count,

    /// <summary>"total": a sum before a number column ("total quantity"), else a count ("total orders").</summary>
    Total,

    Or,
    And,

    /// <summary>"not", "aren't", "except": the values after it are excluded.</summary>
    Not,

    /// <summary>"no", "without", "missing": the column after it is empty.</summary>
    Without,

    /// <summary>"by", "per", "for each": groups by the column after it.</summary>
    Group,

    /// <summary>"over", "more than", "at most": compares the column before it with the number after it.</summary>
    Compare,

    Between,
    Average,
    Sum,

    /// <summary>"highest", "largest", "max".</summary>
    Highest,

    /// <summary>"lowest", "smallest", "min".</summary>
    Lowest,

    /// <summary>"most" before a noun: the group with the most rows.</summary>
    Most,

    /// <summary>"fewest", "least" before a noun: the group with the fewest rows.</summary>
    Fewest,

    Newest,
    Oldest,
    Which,

    /// <summary>"who": the source's name column.</summary>
    Who,

    /// <summary>"when": the source's time column.</summary>
    When,

    /// <summary>"how much": the source's amount column.</summary>
    HowMuch,

    /// <summary>"value", "worth", "amount": the source's one decimal column when it has exactly one.</summary>
    Amount,

    /// <summary>"sources", "tables", "datasets".</summary>
    Sources,

    /// <summary>"data": the sources when the question says nothing else, a filler otherwise.</summary>
    Data,

    /// <summary>"columns", "fields", "describe".</summary>
    Columns,

    /// <summary>"metrics", "measures": the number columns one can sum or average.</summary>
    Measures,

    /// <summary>"values", "options": the values of a column.</summary>
    Values,

    /// <summary>A word that means the question is not a read of the data: "delete", "predict", "ignore", "why".</summary>
    HandOver,
}

/// <summary>A phrase of the closed vocabulary, its role, and for comparisons the operator.</summary>
internal sealed record FunctionPhrase(string[] Words, WordRole Role, FilterOperator Operator = FilterOperator.In)
{
    public string Text => string.Join(' ', Words);
}
