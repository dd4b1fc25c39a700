using System.Globalization;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Describe;
using Udc.Engine.Query.Aggregation;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

internal static partial class FastAnswerText
{
    /// <summary>Six groups are about as many as one sentence carries aloud; the others are counted.</summary>
    private const int MaxSpokenGroups = 6;

    /// <summary>An average is said to two decimals: "512.35", not "512.3456".</summary>
    private const int AverageDecimals = 2;

    /// <summary>"The average total of orders in March 2026 was 512.35."; "The average session duration in March 2024 was 312.5."</summary>
    private static string? Metric(FastPathPlan plan, SourceSnapshot snapshot, ToolResult outcome, DateOnly today)
    {
        if (outcome.Aggregate is not { } result || snapshot.Table.Find(plan.Column!.Name) is not { } column)
        {
            return null;
        }
        if (result.MatchCount == 0)
        {
            return $"There are no {Phrase(plan, outcome, 2)}.";
        }
        var value = result.Groups[0].Values[0];
        var label = MetricLabel(plan.Metric, column);
        if (value.Kind == MetricValueKind.None)
        {
            return $"None of the {Phrase(plan, outcome, 2)} has a {Name(column)}.";
        }
        var verb = plan.Period?.IsPast(today) == true ? "was" : "is";
        var spoken = MetricText(value, plan.Metric, column);
        if (snapshot.DataType == DataType.TimeSeries && outcome.Query!.Filters.Any(f => f.Column.Type == ColumnType.String))
        {
            var period = plan.Period is { } p ? " " + p.Spoken : "";
            return $"The {MetricWord(plan.Metric)} {SeriesLabel(snapshot, column, outcome.Query)}{period} {verb} {spoken}.";
        }
        return $"The {label} of {Phrase(plan, outcome, 2)} {verb} {spoken}.";
    }

    /// <summary>"Orders by status: 95 delivered, 90 shipped and 80 pending." or "The average total of orders by region: north 512.35, …".</summary>
    private static string? Breakdown(FastPathPlan plan, SourceSnapshot snapshot, ToolResult outcome)
    {
        if (outcome.Aggregate is not { } result || GroupKeys(result, plan) is not { } group)
        {
            return null;
        }
        if (result.MatchCount == 0)
        {
            return $"There are no {Phrase(plan, outcome, 2)}.";
        }
        // Largest first, as the tool returns them; the rows without a value for the group column come last.
        IReadOnlyList<Group> groups = [.. result.Groups.OrderBy(g => group.IsNull(g.KeyRow))];
        List<string> items;
        string head;
        if (plan.Metric == MetricKind.Count)
        {
            head = $"{Capitalize(Phrase(plan, outcome, 2))} by {plan.GroupWords}";
            items = [.. groups.Take(MaxSpokenGroups).Select(g => group.IsNull(g.KeyRow) ? $"{Spoken.Number(g.Count)} with no {plan.GroupWords}" : $"{Spoken.Number(g.Count)} {(ColumnRoles.IsKey(group) ? "for " : "")}{GroupValue(plan, group, g.KeyRow)}")];
        }
        else
        {
            // By a metric groups are said highest first, which needs all of them.
            if (result.Truncated || snapshot.Table.Find(plan.Column!.Name) is not { } column)
            {
                return null;
            }
            groups = [.. groups.OrderBy(g => group.IsNull(g.KeyRow)).ThenByDescending(g => Sortable(g.Values[0]))];
            head = $"The {MetricLabel(plan.Metric, column)} of {Phrase(plan, outcome, 2)} by {plan.GroupWords}";
            items = [.. groups.Take(MaxSpokenGroups).Select(g => $"{(group.IsNull(g.KeyRow) ? "no " + plan.GroupWords : GroupValue(plan, group, g.KeyRow))} {MetricText(g.Values[0], plan.Metric, column)}")];
        }
        var rest = result.TotalGroups - items.Count;
        if (rest > 0)
        {
            items.Add($"{Spoken.Number(rest)} more");
        }
        return $"{head}: {JoinAll(items)}.";
    }

    /// <summary>
    /// "The customer with the most orders is Ada Lovelace, with 27."; tied groups are named together. A rank that
    /// needs every group (the fewest, or by a metric) is not claimed when the result was cut; for the fewest, a listed
    /// value with no matching rows is a group of 0.
    /// </summary>
    private static string? TopGroup(FastPathPlan plan, SourceSnapshot snapshot, ToolResult outcome)
    {
        if (outcome.Aggregate is not { } result || GroupKeys(result, plan) is not { } group)
        {
            return null;
        }
        var column = plan.Column is null ? null : snapshot.Table.Find(plan.Column.Name);
        var byCount = plan.Metric == MetricKind.Count;
        if (!byCount && column is null || (!byCount || !plan.Descending) && result.Truncated)
        {
            return null;
        }
        // Rows without a region are not a region: the empty group is left out of the ranking.
        var ranked = result.Groups
            .Where(g => !group.IsNull(g.KeyRow) && (byCount || g.Values[0].Kind != MetricValueKind.None))
            .Select(g => (Name: GroupValue(plan, group, g.KeyRow), Key: byCount ? g.Count : Sortable(g.Values[0]), Text: byCount ? Spoken.Number(g.Count) : MetricText(g.Values[0], plan.Metric, column!)))
            .ToList();
        if (byCount && !plan.Descending)
        {
            ranked.AddRange(EmptyGroups(snapshot, group, result).Select(name => (name, 0.0, "0")));
        }
        if (ranked.Count == 0)
        {
            return $"There are no {Phrase(plan, outcome, 2)}.";
        }
        var best = plan.Descending ? ranked.Max(r => r.Key) : ranked.Min(r => r.Key);
        var top = ranked.Where(r => r.Key == best).ToList();
        // A cut result could hide more groups tied with the ones returned.
        if (top.Count > MaxSpokenRows || result.Truncated && ranked[^1].Key == best)
        {
            return null;
        }
        var what = byCount ? Phrase(plan, outcome, 2) : $"{MetricLabel(plan.Metric, column!)} of {Phrase(plan, outcome, 2)}";
        var names = JoinAll([.. top.Select(t => t.Name)]);
        return top.Count == 1
            ? $"The {plan.GroupWords} with the {plan.Word} {what} is {names}, with {top[0].Text}."
            : $"The {Noun.FromSingular(plan.GroupWords).Plural} with the {plan.Word} {what} are {names}, with {top[0].Text} each.";
    }

    /// <summary>The listed values of the group column that no matching row has.</summary>
    private static IEnumerable<string> EmptyGroups(SourceSnapshot snapshot, Column group, AggregateResult result)
    {
        if (snapshot.Profile.Columns.FirstOrDefault(p => p.Column.Name == group.Name)?.Values is not { } values || group.Type != ColumnType.String)
        {
            return [];
        }
        var present = result.Groups.Where(g => !group.IsNull(g.KeyRow)).Select(g => group.FormatText(g.KeyRow)!).ToHashSet(StringComparer.Ordinal);
        return values.Where(v => !present.Contains(v)).Select(Words);
    }

    /// <summary>A group's value; an id of another source is said with its noun: "customer 12".</summary>
    private static string GroupValue(FastPathPlan plan, Column group, int row) =>
        ColumnRoles.IsKey(group) ? $"{plan.GroupWords} {Spoken.Value(group, row)}" : Spoken.Value(group, row);

    /// <summary>"average total", "total quantity", "highest total"; a sum of a column called total is just "total".</summary>
    private static string MetricLabel(MetricKind kind, Column column)
    {
        var word = MetricWord(kind);
        var name = Name(column);
        return name == word ? name : $"{word} {name}";
    }

    private static string MetricWord(MetricKind kind) => kind switch
    {
        MetricKind.Avg => "average",
        MetricKind.Sum => "total",
        MetricKind.Min => "lowest",
        MetricKind.Max => "highest",
        _ => "number",
    };

    /// <summary>A metric value as said: averages to two decimals, times of a timestamp column as dates.</summary>
    private static string MetricText(MetricValue value, MetricKind kind, Column column)
    {
        if (value.Kind == MetricValueKind.None)
        {
            return "none";
        }
        if (column.Type == ColumnType.Timestamp && kind is MetricKind.Min or MetricKind.Max)
        {
            return Spoken.Date(TimestampColumn.ToDateTime((long)value.Integer));
        }
        if (value.Kind == MetricValueKind.Integer)
        {
            return value.Integer >= long.MinValue && value.Integer <= long.MaxValue
                ? Spoken.Number((long)value.Integer)
                : value.Integer.ToString(CultureInfo.InvariantCulture);
        }
        return Spoken.Number(kind == MetricKind.Avg ? Math.Round(value.Real, AverageDecimals) : value.Real);
    }

    private static double Sortable(MetricValue value) => value.Kind switch
    {
        MetricValueKind.Integer => (double)value.Integer,
        MetricValueKind.Real => value.Real,
        _ => double.NegativeInfinity,
    };

    /// <summary>The column holding each group's key row, as the result binds it: a database source's groups come back as rows of their own.</summary>
    private static Column? GroupKeys(AggregateResult result, FastPathPlan plan) =>
        result.Spec.GroupBy.FirstOrDefault(g => g.Column.Name == plan.GroupColumn!.Name)?.Column;
}
