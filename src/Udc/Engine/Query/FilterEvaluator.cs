using Udc.Engine.Columns;
using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Query;

/// <summary>
/// Computes the rows a filter matches as a bitmask, with one vectorised pass over the column per operand.
/// Null rows never match a comparison; only <c>isnull</c> selects them.
/// </summary>
internal static class FilterEvaluator
{
    /// <summary>Above this many operands an any-of is one hash look-up per row instead of one pass per operand.</summary>
    private const int MaxOperandsPerPass = 8;

    /// <summary>Overwrites <paramref name="result"/> with the rows <paramref name="filter"/> matches.</summary>
    /// <param name="scratch">Space for one more mask, as long as <paramref name="result"/>.</param>
    public static void Evaluate(Filter filter, Span<ulong> result, Span<ulong> scratch)
    {
        var column = filter.Column;
        if (filter.Operator == FilterOperator.IsNull)
        {
            MatchNulls(column, result);
            if (filter.Operands[0].Int64 == 0)
            {
                MaskKernels.Not(result, column.RowCount);
            }
            return;
        }

        var op = filter.Operator == FilterOperator.NotEqual ? FilterOperator.In : filter.Operator;
        switch (column)
        {
            case Int64Column int64:
                MatchInt64(int64.Values, op, filter.Operands, result, scratch);
                break;
            case TimestampColumn timestamp:
                MatchTimestamp(timestamp.Values, op, filter.Operands, result, scratch);
                break;
            case DoubleColumn number:
                MatchDouble(number.Values, op, filter.Operands, result, scratch);
                break;
            case BooleanColumn boolean:
                MatchBoolean(boolean.Values, filter.Operands, result, scratch);
                break;
            case StringColumn text:
                result.Clear();
                var mode = op switch
                {
                    FilterOperator.Contains => TextSearch.Mode.Contains,
                    FilterOperator.StartsWith => TextSearch.Mode.StartsWith,
                    FilterOperator.Like => TextSearch.Mode.Like,
                    _ => TextSearch.Mode.Equals,
                };
                foreach (var operand in filter.Operands)
                {
                    TextSearch.Match(text, operand.FoldedUtf8, mode, result, scratch);
                }
                break;
        }

        if (filter.Operator == FilterOperator.NotEqual)
        {
            MaskKernels.Not(result, column.RowCount);
        }
        if (column.Nulls.HasNulls)
        {
            MaskKernels.AndNot(result, column.Nulls.Bits);
        }
    }

    private static void MatchNulls(Column column, Span<ulong> result)
    {
        if (column.Nulls.HasNulls)
        {
            column.Nulls.Bits.CopyTo(result);
        }
        else
        {
            result.Clear();
        }
    }

    private static void MatchInt64(ReadOnlySpan<long> values, FilterOperator op, IReadOnlyList<Operand> operands, Span<ulong> result, Span<ulong> scratch)
    {
        switch (op)
        {
            case FilterOperator.In when operands.Count > MaxOperandsPerPass:
                MatchAnyOf(values, operands.Select(o => o.Int64).ToHashSet(), result);
                break;
            case FilterOperator.In:
                MaskKernels.Compare<long, Equal>(values, operands[0].Int64, result);
                for (var i = 1; i < operands.Count; i++)
                {
                    MaskKernels.Compare<long, Equal>(values, operands[i].Int64, scratch);
                    MaskKernels.Or(result, scratch);
                }
                break;
            default:
                CompareOrdered(values, op, operands[0].Int64, operands[0].Int64, result);
                break;
        }
    }

    /// <summary>An operand that is a bare date covers a whole day: equality is a range, and so are its bounds.</summary>
    private static void MatchTimestamp(ReadOnlySpan<long> values, FilterOperator op, IReadOnlyList<Operand> operands, Span<ulong> result, Span<ulong> scratch)
    {
        if (op != FilterOperator.In)
        {
            CompareOrdered(values, op, operands[0].Int64, operands[0].Int64End, result);
            return;
        }
        MaskKernels.Between(values, operands[0].Int64, operands[0].Int64End, result);
        for (var i = 1; i < operands.Count; i++)
        {
            MaskKernels.Between(values, operands[i].Int64, operands[i].Int64End, scratch);
            MaskKernels.Or(result, scratch);
        }
    }

    private static void CompareOrdered(ReadOnlySpan<long> values, FilterOperator op, long start, long end, Span<ulong> result)
    {
        switch (op)
        {
            case FilterOperator.GreaterThan:
                MaskKernels.Compare<long, GreaterThan>(values, end, result);
                break;
            case FilterOperator.GreaterThanOrEqual:
                MaskKernels.Compare<long, GreaterThanOrEqual>(values, start, result);
                break;
            case FilterOperator.LessThan:
                MaskKernels.Compare<long, LessThan>(values, start, result);
                break;
            default:
                MaskKernels.Compare<long, LessThanOrEqual>(values, end, result);
                break;
        }
    }

    private static void MatchDouble(ReadOnlySpan<double> values, FilterOperator op, IReadOnlyList<Operand> operands, Span<ulong> result, Span<ulong> scratch)
    {
        var operand = operands[0].Double;
        switch (op)
        {
            case FilterOperator.In:
                MaskKernels.Compare<double, Equal>(values, operand, result);
                for (var i = 1; i < operands.Count; i++)
                {
                    MaskKernels.Compare<double, Equal>(values, operands[i].Double, scratch);
                    MaskKernels.Or(result, scratch);
                }
                break;
            case FilterOperator.GreaterThan:
                MaskKernels.Compare<double, GreaterThan>(values, operand, result);
                break;
            case FilterOperator.GreaterThanOrEqual:
                MaskKernels.Compare<double, GreaterThanOrEqual>(values, operand, result);
                break;
            case FilterOperator.LessThan:
                MaskKernels.Compare<double, LessThan>(values, operand, result);
                break;
            default:
                MaskKernels.Compare<double, LessThanOrEqual>(values, operand, result);
                break;
        }
    }

    private static void MatchBoolean(ReadOnlySpan<bool> values, IReadOnlyList<Operand> operands, Span<ulong> result, Span<ulong> scratch)
    {
        MaskKernels.BoolEquals(values, operands[0].Int64 == 1, result);
        for (var i = 1; i < operands.Count; i++)
        {
            MaskKernels.BoolEquals(values, operands[i].Int64 == 1, scratch);
            MaskKernels.Or(result, scratch);
        }
    }

    private static void MatchAnyOf(ReadOnlySpan<long> values, HashSet<long> accepted, Span<ulong> result)
    {
        result.Clear();
        for (var row = 0; row < values.Length; row++)
        {
            if (accepted.Contains(values[row]))
            {
                result[row >> 6] |= 1UL << row;
            }
        }
    }
}
