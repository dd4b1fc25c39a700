using Udc.Engine.Columns;

namespace Udc.Engine.Query.Aggregation;

internal enum MetricKind
{
    Count,
    Sum,
    Avg,
    Min,
    Max,
}

/// <summary>One aggregate: <c>count</c>, or a function over a column (<c>sum:value</c>).</summary>
internal sealed record Metric(MetricKind Kind, Column? Column)
{
    /// <summary>The result field name: <c>count</c>, <c>sum_value</c>.</summary>
    public string Name => Column is null ? "count" : $"{Spec.Split(':')[0]}_{Column.Name}";

    /// <summary>As a client writes it: <c>sum:value</c>.</summary>
    public string Spec => Column is null ? "count" : $"{Kind.ToString().ToLowerInvariant()}:{Column.Name}";
}
