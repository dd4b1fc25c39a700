namespace Udc.Engine.Query.Aggregation;

/// <summary>What to group by and compute, as any surface states it; <see cref="AggregateBinder"/> checks it.</summary>
/// <param name="GroupBy">Column names; none for one group of every match.</param>
/// <param name="Metrics"><c>count</c>, <c>sum:col</c>, <c>avg:col</c>, <c>min:col</c>, <c>max:col</c>; none for count.</param>
/// <param name="Limit">Groups to return; null for the default.</param>
internal sealed record AggregateRequest(IReadOnlyList<string> GroupBy, IReadOnlyList<string> Metrics, int? Limit)
{
    public static readonly AggregateRequest Count = new([], [], null);
}
