namespace Udc.Engine.Query.Aggregation;

/// <summary>What to group by and compute, as any surface states it; <see cref="AggregateBinder"/> checks it.</summary>
/// <param name="GroupBy">Column names, a timestamp column with a bucket as <c>date:week</c>; none for one group of every match.</param>
/// <param name="Metrics"><c>count</c>, <c>sum:col</c>, <c>avg:col</c>, <c>min:col</c>, <c>max:col</c>; none for count.</param>
/// <param name="Limit">Groups to return; null for the default.</param>
internal sealed record AggregateRequest(IReadOnlyList<string> GroupBy, IReadOnlyList<string> Metrics, int? Limit)
{
    public static readonly AggregateRequest Count = new([], [], null);

    /// <summary>Conditions on the groups' metrics (SQL's HAVING): leaves are <c>avg:value__gt</c> with a value.</summary>
    public FilterNode? Having { get; init; }

    /// <summary>
    /// Group columns and metrics to order by, <c>-</c> in front for descending (<c>["-avg:value", "date:week"]</c>);
    /// null for the default, largest group first.
    /// </summary>
    public IReadOnlyList<string>? OrderBy { get; init; }

    /// <summary>Groups skipped before the first one returned.</summary>
    public int Offset { get; init; }

    /// <summary>Result field names chosen by the caller, by group or metric spec (<c>avg:value</c> → <c>mean</c>).</summary>
    public IReadOnlyDictionary<string, string>? Aliases { get; init; }

    /// <summary>The metric specs the result leaves out: computed only because HAVING or ORDER BY reads them.</summary>
    public IReadOnlySet<string>? HiddenMetrics { get; init; }
}
