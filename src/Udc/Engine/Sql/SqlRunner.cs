using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Engine.Sql;

/// <summary>Runs a compiled statement on a snapshot through the same binders and executors as <c>/data</c>.</summary>
internal static class SqlRunner
{
    /// <summary>Issues of a statement are reported at the statement (<c>["body", "sql"]</c>, <c>["arguments", "sql"]</c>).</summary>
    /// <param name="budget">The bounds a grouping keeps; <see cref="AggregationBudget.Shared"/> unless a caller brings its own.</param>
    public static SqlResult Run(SourceSnapshot snapshot, SqlPlan plan, RequestOrigin origin, AggregationBudget? budget = null)
    {
        var rows = QueryBinder.Bind(snapshot, plan.Rows, origin);
        if (plan.Aggregate is { } aggregateRequest)
        {
            var (aggregate, issues) = AggregateBinder.Bind(snapshot, aggregateRequest, origin);
            if (rows.Spec is not { } query || aggregate is null)
            {
                return SqlResult.Invalid([.. rows.Issues, .. issues]);
            }
            return new SqlResult(snapshot, plan, query, null, Aggregator.Run(snapshot, query, aggregate, budget), []);
        }
        if (rows.Spec is not { } spec)
        {
            return SqlResult.Invalid(rows.Issues);
        }
        return new SqlResult(snapshot, plan, spec, QueryExecutor.Execute(snapshot, spec), null, []);
    }
}

/// <summary>Rows or groups of a statement, or the issues that stopped it. The caller disposes it (the rows are pooled).</summary>
internal sealed record SqlResult(SourceSnapshot? Snapshot, SqlPlan? Plan, QuerySpec? Query, QueryResult? Rows, AggregateResult? Groups, IReadOnlyList<ValidationIssue> Issues) : IDisposable
{
    public static SqlResult Invalid(IReadOnlyList<ValidationIssue> issues) => new(null, null, null, null, null, issues);

    public bool IsValid => Issues.Count == 0;

    /// <summary>Rows or groups returned.</summary>
    public int Count => Rows?.Rows.Length ?? Groups?.Groups.Count ?? 0;

    /// <summary>Rows matched (plain) or groups found (grouped), before LIMIT and OFFSET.</summary>
    public int Total => Rows?.Total ?? Groups?.TotalGroups ?? 0;

    public void Dispose() => Rows?.Dispose();
}
