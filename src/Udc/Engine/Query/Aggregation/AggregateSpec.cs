using Udc.Engine.Columns;

namespace Udc.Engine.Query.Aggregation;

/// <summary>What to group by, what to compute per group, and how many groups to return.</summary>
internal sealed record AggregateSpec(IReadOnlyList<Column> GroupBy, IReadOnlyList<Metric> Metrics, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;
    public const int MaxGroupColumns = 4;

    public const string GroupByParameter = "group_by";
    public const string MetricsParameter = "metrics";
    public const string LimitParameter = "limit";

    /// <summary>The parameters an aggregate takes besides the filters of <c>/data</c>.</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>(StringComparer.Ordinal) { GroupByParameter, MetricsParameter, LimitParameter };
}
