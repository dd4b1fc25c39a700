using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

internal sealed partial class QuestionPlanner
{
    /// <summary>"average order value in March", "total quantity this year", "highest total of shipped orders".</summary>
    private FastPathPlan? PlanMetric(MetricAsk metric) => BindMetric(metric) is { } bound
        ? Plan(FastPathKind.Metric, ToolNames.AggregateData) with
        {
            Request = Request(QueryLimits.DefaultPageSize),
            Aggregate = new AggregateRequest([], [bound.Spec], null),
            Column = bound.Column,
            Metric = metric.Kind,
            Word = metric.Word,
        }
        : null;

    /// <summary>"orders by status", "tickets per priority", "average total by region".</summary>
    private FastPathPlan? PlanBreakdown()
    {
        if (BindGroup() is not { } boundGroup)
        {
            return null;
        }
        var (group, words) = boundGroup;
        var metric = _question.Metric;
        var bound = metric is null ? null : BindMetric(metric);
        if (metric is not null && bound is null)
        {
            return null;
        }
        return Plan(FastPathKind.Breakdown, ToolNames.AggregateData) with
        {
            Request = Request(QueryLimits.DefaultPageSize),
            Aggregate = new AggregateRequest([group.Name], bound is { } b ? [b.Spec] : [], null),
            GroupColumn = group,
            GroupWords = words,
            Column = bound?.Column,
            Metric = metric?.Kind ?? MetricKind.Count,
            Word = metric?.Word ?? "",
        };
    }

    /// <summary>"which customer has the most orders", "which region has the highest average total".</summary>
    private FastPathPlan? PlanRank(RankAsk rank)
    {
        if (PlanBreakdown() is not { } breakdown)
        {
            return null;
        }
        var bound = rank.By is { } by ? BindMetric(by) : null;
        if (rank.By is not null && bound is null)
        {
            return null;
        }
        return breakdown with
        {
            Kind = FastPathKind.TopGroup,
            Aggregate = breakdown.Aggregate! with { Metrics = bound is { } b ? [b.Spec] : [] },
            Column = bound?.Column,
            Metric = rank.By?.Kind ?? MetricKind.Count,
            Word = rank.Word,
            Descending = rank.Most,
        };
    }

    /// <summary>Sums and averages of numbers that are not ids; lowest and highest of numbers and times.</summary>
    private (Column Column, string Spec)? BindMetric(MetricAsk metric)
    {
        if (Bind(metric.Target) is not { } column)
        {
            return null;
        }
        var valid = metric.Kind is MetricKind.Sum or MetricKind.Avg
            ? ColumnRoles.IsNumeric(column) && !ColumnRoles.IsKey(column)
            : ColumnRoles.IsNumeric(column) || column.Type == ColumnType.Timestamp;
        return valid ? (column, $"{metric.Kind.ToString().ToLowerInvariant()}:{column.Name}") : null;
    }

    /// <summary>The group column, and the words the answer calls it by: "customer" for <c>customer_name</c>, "region" for "regions".</summary>
    private (Column Column, string Words)? BindGroup()
    {
        var group = _question.Group!;
        if (group.IsNoun)
        {
            return group.Phrase.Sources.ToList() is [var other] && ForeignKey(_source, other) is { } key ? (key, other.Noun.Singular) : null;
        }
        if (group.Phrase.In(_source, EntryKind.Column) is not { Column: { } column } entry)
        {
            return null;
        }
        return (column, entry.Plural ? string.Join(' ', Lexicon.Words(column.Name)) : group.Phrase.Text);
    }
}
