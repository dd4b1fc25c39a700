using System.Buffers;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Query.Kernels;
using Udc.Observability;

namespace Udc.Engine.Query;

/// <summary>
/// Runs a query over a snapshot's columns. The work is a few passes over whole columns into pooled
/// bitmasks, then a selection of the page's rows: nothing is allocated per row.
/// </summary>
internal static class QueryExecutor
{
    /// <summary>The rows a query matches, as a mask the caller disposes.</summary>
    /// <exception cref="Database.DatabaseReadException">The source's rows are in a database: a mask of them cannot be made here.</exception>
    public static RowMask Match(SourceSnapshot snapshot, QuerySpec spec)
    {
        if (snapshot.Pushdown is not null)
        {
            throw new Database.DatabaseReadException(Database.DatabaseFailure.Unsupported,
                $"Source '{snapshot.Name}' lives in a database; this analysis reads every matching row in memory and is not available for it. Use /data aggregates (group_by with a time bucket) instead.");
        }
        var rowCount = snapshot.RowCount;
        var mask = RowMask.All(rowCount);
        if (spec.Filters.Count == 0 && spec.Text is null && spec.Condition is null)
        {
            return mask;
        }
        using var filterMask = RowMask.Empty(rowCount);
        using var scratch = RowMask.Empty(rowCount);
        foreach (var filter in spec.Filters)
        {
            Deadline.ThrowIfPassed();
            FilterEvaluator.Evaluate(filter, filterMask.Words, scratch.Words);
            MaskKernels.And(mask.Words, filterMask.Words);
        }
        if (spec.Text is { } text)
        {
            Deadline.ThrowIfPassed();
            MatchText(snapshot.Table, text, filterMask.Words, scratch.Words);
            MaskKernels.And(mask.Words, filterMask.Words);
        }
        if (spec.Condition is { } condition)
        {
            using var unknown = RowMask.Empty(rowCount);
            ConditionEvaluator.Evaluate(condition, rowCount, filterMask.Words, unknown.Words);
            MaskKernels.And(mask.Words, filterMask.Words);
        }
        return mask;
    }

    /// <summary>How many rows match.</summary>
    public static int Count(SourceSnapshot snapshot, QuerySpec spec)
    {
        if (snapshot.Pushdown is { } pushdown)
        {
            return pushdown.Count(snapshot, spec);
        }
        using var mask = Match(snapshot, spec);
        return mask.Count();
    }

    /// <summary>The page the query asks for; all matching rows in order when it streams.</summary>
    public static QueryResult Execute(SourceSnapshot snapshot, QuerySpec spec)
    {
        if (snapshot.Pushdown is { } pushdown)
        {
            return pushdown.Execute(snapshot, spec);
        }
        using var mask = Match(snapshot, spec);
        var total = mask.Count();
        var (offset, count) = spec.Stream ? (0, total) : (spec.Offset, spec.PageSize);
        var rows = ArrayPool<int>.Shared.Rent(Math.Max(1, Math.Min(count, total)));
        var written = RowOrder.SelectRange(mask.Words, total, spec.Sort, offset, count, rows);
        QueryTelemetry.Rows(snapshot.RowCount, total, written);
        return new QueryResult(snapshot, spec, total, rows, written);
    }

    /// <summary>Free text matches a row when any of its string columns contains it.</summary>
    private static void MatchText(Table table, Operand text, Span<ulong> result, Span<ulong> scratch)
    {
        result.Clear();
        foreach (var column in table.Columns)
        {
            if (column is StringColumn strings)
            {
                TextSearch.Match(strings, text.FoldedUtf8, TextSearch.Mode.Contains, result, scratch);
            }
        }
    }
}
