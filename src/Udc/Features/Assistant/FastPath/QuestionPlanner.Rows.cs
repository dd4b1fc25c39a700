using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query;
using Udc.Tools;

namespace Udc.Features.Assistant.FastPath;

internal sealed partial class QuestionPlanner
{
    /// <summary>"order 31", "what region is order 31 in", "who placed order 31": get_record, and which fields to say.</summary>
    private FastPathPlan? PlanRecord()
    {
        var question = _question;
        if (question.Conditions.Count > 0 || question.Comparisons.Count > 0 || question.Period is not null || question.Count
            || question.Metric is not null || question.Group is not null || question.Rank is not null || question.Row is not null || _source.IdColumn is null)
        {
            return null;
        }
        foreach (var reference in question.Fields.Concat(question.Columns.Select(ColumnRef.Of)))
        {
            if (Bind(reference) is not { } column)
            {
                return null;
            }
            if (!_fields.Contains(column))
            {
                _fields.Add(column);
            }
        }
        return new FastPathPlan(_fields.Count == 0 ? FastPathKind.Record : FastPathKind.Field, ToolNames.GetRecord)
        {
            Snapshot = _source,
            Id = question.Reference!.Value.Token.Text,
            Fields = _fields,
        };
    }

    /// <summary>Everything asked of the rows that match: a row by an order, a rank, groups, a metric, a series, a count or a list.</summary>
    private FastPathPlan? PlanRows()
    {
        var question = _question;
        if (!BindFilters() || question.Period is not null && _source.TimeColumn is null)
        {
            return null;
        }
        if (question.Row is { } row)
        {
            return question.Count || question.Metric is not null || question.Group is not null || question.Rank is not null ? null : PlanRow(row);
        }
        if (question.Fields.Count > 0)
        {
            return null;
        }
        if (question.Rank is { } rank)
        {
            return question.Metric is null ? PlanRank(rank) : null;
        }
        if (question.Group is not null)
        {
            return PlanBreakdown();
        }
        if (question.Metric is { } metric)
        {
            return question.Count ? null : PlanMetric(metric);
        }
        var labelled = _filters.Any(f => f.IsCondition && f.Column.Type == ColumnType.String);
        if (_source.DataType == DataType.TimeSeries && (labelled || _measure is not null))
        {
            return PlanSeries(labelled);
        }
        return Plan(question.Count ? FastPathKind.Count : FastPathKind.List, ToolNames.QueryData) with
        {
            Request = Request(question.Count ? 1 : QueryLimits.DefaultPageSize),
        };
    }

    /// <summary>
    /// "largest order this year and who placed it", "newest invoice", "the 3 newest orders": the rows sorted by the
    /// column. One row is asked for as two, so the answer can tell a clear first from a tie.
    /// </summary>
    private FastPathPlan? PlanRow(RowAsk row)
    {
        if (Bind(row.SortBy) is not { Type: ColumnType.Int64 or ColumnType.Double or ColumnType.Timestamp } sort)
        {
            return null;
        }
        foreach (var reference in _question.Fields)
        {
            if (Bind(reference) is not { } field)
            {
                return null;
            }
            _fields.Add(field);
        }
        if (row.Count > 1 && _fields.Count > 0)
        {
            return null;
        }
        string[] order = [(row.Descending ? "-" : "") + sort.Name];
        return Plan(row.Count > 1 ? FastPathKind.Newest : FastPathKind.Extreme, ToolNames.QueryData) with
        {
            Request = Request(row.Count > 1 ? row.Count : 2, order),
            Column = sort,
            Fields = [.. _fields.Distinct()],
            Word = row.Word,
            Descending = row.Descending,
            BySize = row.SortBy.Hint == ColumnHint.Amount,
        };
    }

    /// <summary>
    /// "daily active users on 2024-03-15", "cold store temperature last week": a time series' measure for one of its
    /// labels. Without a label the rows of every label would be mixed, so a measure alone is not claimed; nor is a
    /// count of a series without a date ("how many daily active users").
    /// </summary>
    private FastPathPlan? PlanSeries(bool labelled)
    {
        if (!labelled || _question.Count && _question.Period is null || Bind(new ColumnRef(ColumnHint.Measure)) is not { } measure)
        {
            return null;
        }
        return Plan(FastPathKind.Series, ToolNames.QueryData) with { Request = Request(QueryLimits.DefaultPageSize), Column = measure };
    }
}
