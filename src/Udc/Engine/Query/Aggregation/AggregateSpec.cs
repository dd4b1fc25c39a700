namespace Udc.Engine.Query.Aggregation;

/// <summary>What to group by, what to compute per group, and how many groups to return.</summary>
internal sealed record AggregateSpec(IReadOnlyList<GroupColumn> GroupBy, IReadOnlyList<Metric> Metrics, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;
    public const int MaxGroupColumns = 4;

    /// <summary>A million groups skipped is past any result UDC returns.</summary>
    public const int MaxOffset = 1_000_000;

    public const string GroupByParameter = "group_by";
    public const string MetricsParameter = "metrics";
    public const string LimitParameter = "limit";

    /// <summary>The parameters an aggregate takes besides the filters of <c>/data</c>.</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>(StringComparer.Ordinal) { GroupByParameter, MetricsParameter, LimitParameter };

    /// <summary>Conditions a group must meet; null for all groups.</summary>
    public HavingCondition? Having { get; init; }

    /// <summary>The groups' order; empty for largest first.</summary>
    public IReadOnlyList<GroupOrder> Order { get; init; } = [];

    public int Offset { get; init; }
}

/// <summary>One level of a group order: a group column (<see cref="GroupIndex"/>) or a metric (<see cref="MetricIndex"/>).</summary>
internal sealed record GroupOrder(int GroupIndex, int MetricIndex, bool Descending);
