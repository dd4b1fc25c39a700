using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Query;

/// <summary>
/// Evaluates a condition tree as SQL does, in three-valued logic, with two masks per node: the rows where it is true
/// and the rows where it is unknown (a comparison with a null). NOT keeps unknown rows out, so <c>NOT (x = 1)</c> does
/// not select the rows where x is null, as in every SQL database. Each node is a few passes over whole masks.
/// </summary>
internal static class ConditionEvaluator
{
    /// <summary>Overwrites <paramref name="isTrue"/> and <paramref name="isUnknown"/> with the condition's rows.</summary>
    public static void Evaluate(Condition condition, int rowCount, Span<ulong> isTrue, Span<ulong> isUnknown)
    {
        switch (condition)
        {
            case Condition.Leaf leaf:
                EvaluateLeaf(leaf.Filter, rowCount, isTrue, isUnknown);
                break;
            case Condition.Not not:
                Evaluate(not.Item, rowCount, isTrue, isUnknown);
                MaskKernels.Or(isTrue, isUnknown);
                MaskKernels.Not(isTrue, rowCount);
                break;
            case Condition.All all:
                Combine(all.Items, rowCount, isTrue, isUnknown, conjunction: true);
                break;
            case Condition.Any any:
                Combine(any.Items, rowCount, isTrue, isUnknown, conjunction: false);
                break;
        }
    }

    private static void EvaluateLeaf(Filter filter, int rowCount, Span<ulong> isTrue, Span<ulong> isUnknown)
    {
        FilterEvaluator.Evaluate(filter, isTrue, isUnknown);
        var nulls = filter.Column.Nulls;
        if (filter.Operator != FilterOperator.IsNull && nulls.HasNulls)
        {
            nulls.Bits.CopyTo(isUnknown);
        }
        else
        {
            isUnknown.Clear();
        }
    }

    /// <summary>
    /// AND: true where every item is true; unknown where none is false and some is unknown.
    /// OR: true where some item is true; unknown where none is true and some is unknown.
    /// </summary>
    private static void Combine(IReadOnlyList<Condition> items, int rowCount, Span<ulong> isTrue, Span<ulong> isUnknown, bool conjunction)
    {
        using var itemTrue = RowMask.Empty(rowCount);
        using var itemUnknown = RowMask.Empty(rowCount);
        if (conjunction)
        {
            MaskKernels.SetAll(isTrue, rowCount);
            MaskKernels.SetAll(isUnknown, rowCount);
        }
        else
        {
            isTrue.Clear();
            isUnknown.Clear();
        }
        foreach (var item in items)
        {
            Evaluate(item, rowCount, itemTrue.Words, itemUnknown.Words);
            if (conjunction)
            {
                MaskKernels.And(isTrue, itemTrue.Words);
                // isUnknown holds "not false so far": true or unknown.
                MaskKernels.Or(itemUnknown.Words, itemTrue.Words);
                MaskKernels.And(isUnknown, itemUnknown.Words);
            }
            else
            {
                MaskKernels.Or(isTrue, itemTrue.Words);
                MaskKernels.Or(isUnknown, itemUnknown.Words);
            }
        }
        MaskKernels.AndNot(isUnknown, isTrue);
    }
}
