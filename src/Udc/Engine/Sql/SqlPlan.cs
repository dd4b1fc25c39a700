using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Sql;

/// <summary>
/// A statement compiled onto the engine's typed requests: the rows (<see cref="DataRequest"/>: the WHERE as a
/// condition tree, order, fields and window), and for grouped statements the <see cref="AggregateRequest"/>. What it
/// compiles to is what <c>/data</c> and the tools run, checked by the same binders.
/// </summary>
/// <param name="Outputs">The result's fields in select order; null for <c>SELECT *</c>.</param>
internal sealed record SqlPlan(string Source, DataRequest Rows, AggregateRequest? Aggregate, IReadOnlyList<SqlOutput>? Outputs);

/// <summary>One field of the result: its name and what fills it (a column, a group, a metric spec).</summary>
internal sealed record SqlOutput(string Name, SqlOutputKind Kind, string Spec);

internal enum SqlOutputKind
{
    Column,
    Group,
    Metric,
}
