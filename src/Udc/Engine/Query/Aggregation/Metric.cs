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
/// <param name="Alias">The result field's name when the caller chose one.</param>
/// <param name="Hidden">Computed for HAVING or ORDER BY only, and left out of the result.</param>
internal sealed record Metric(MetricKind Kind, Column? Column, string? Alias = null, bool Hidden = false)
{
    /// <summary>The result field name: the alias, <c>count</c>, <c>sum_value</c>.</summary>
    public string Name => Alias ?? (Column is null ? "count" : $"{Spec.Split(':')[0]}_{Column.Name}");

    /// <summary>As a client writes it: <c>sum:value</c>.</summary>
    public string Spec => Column is null ? "count" : $"{Kind.ToString().ToLowerInvariant()}:{Column.Name}";
}
