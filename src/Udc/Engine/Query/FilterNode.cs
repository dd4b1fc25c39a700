namespace Udc.Engine.Query;

/// <summary>
/// Conditions combined with AND, OR and NOT, as SQL's WHERE writes them; each leaf is a <see cref="FilterTerm"/> as
/// <c>/data</c> would take it (<c>status</c> with <c>["open"]</c>, <c>amount__gt</c> with <c>["100"]</c>). The flat
/// <see cref="DataRequest.Filters"/> list is the common case of one AND.
/// </summary>
internal abstract record FilterNode
{
    private FilterNode()
    {
    }

    public sealed record Term(FilterTerm Filter) : FilterNode;

    /// <summary>Every item holds.</summary>
    public sealed record All(IReadOnlyList<FilterNode> Items) : FilterNode;

    /// <summary>At least one item holds.</summary>
    public sealed record Any(IReadOnlyList<FilterNode> Items) : FilterNode;

    public sealed record Not(FilterNode Item) : FilterNode;

    /// <summary>Nodes in the tree: a bound on what a caller can make the engine evaluate.</summary>
    public int Size => this switch
    {
        All all => 1 + all.Items.Sum(i => i.Size),
        Any any => 1 + any.Items.Sum(i => i.Size),
        Not not => 1 + not.Item.Size,
        _ => 1,
    };
}

/// <summary>A <see cref="FilterNode"/> bound against a snapshot: leaves are validated filters.</summary>
internal abstract record Condition
{
    private Condition()
    {
    }

    public sealed record Leaf(Filter Filter) : Condition;

    public sealed record All(IReadOnlyList<Condition> Items) : Condition;

    public sealed record Any(IReadOnlyList<Condition> Items) : Condition;

    public sealed record Not(Condition Item) : Condition;
}
