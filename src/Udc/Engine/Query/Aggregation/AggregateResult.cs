using Udc.Engine.Catalog;

namespace Udc.Engine.Query.Aggregation;

/// <summary>Groups in order of size, largest first, each with a row that carries its key values.</summary>
internal sealed record AggregateResult(SourceSnapshot Snapshot, QuerySpec Query, AggregateSpec Spec, int MatchCount, IReadOnlyList<Group> Groups, int TotalGroups)
{
    public bool Truncated => Groups.Count < TotalGroups;
}

/// <param name="KeyRow">A row of the group: its group-by columns hold the group's key.</param>
/// <param name="Values">One value per metric, in the spec's order.</param>
internal sealed record Group(int KeyRow, long Count, MetricValue[] Values);
