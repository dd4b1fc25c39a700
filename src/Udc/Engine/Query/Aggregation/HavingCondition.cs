namespace Udc.Engine.Query.Aggregation;

/// <summary>A condition on a group's metrics (SQL's HAVING), bound: leaves compare one metric with a number.</summary>
internal abstract record HavingCondition
{
    private HavingCondition()
    {
    }

    /// <param name="MetricIndex">Which of the spec's metrics.</param>
    /// <param name="Operands">One number, or several for <see cref="FilterOperator.In"/> and <see cref="FilterOperator.NotEqual"/>.</param>
    public sealed record Leaf(int MetricIndex, FilterOperator Operator, IReadOnlyList<double> Operands) : HavingCondition;

    public sealed record All(IReadOnlyList<HavingCondition> Items) : HavingCondition;

    public sealed record Any(IReadOnlyList<HavingCondition> Items) : HavingCondition;

    public sealed record Not(HavingCondition Item) : HavingCondition;

    /// <summary>SQL's three-valued logic: a group without a value for a metric is neither kept nor its negation.</summary>
    public bool? Evaluate(MetricValue[] values) => this switch
    {
        Leaf leaf => Compare(leaf, values[leaf.MetricIndex]),
        All all => all.Items.Aggregate((bool?)true, (acc, item) => acc == false ? false : item.Evaluate(values) is var v && v == false ? false : acc is null || v is null ? null : true),
        Any any => any.Items.Aggregate((bool?)false, (acc, item) => acc == true ? true : item.Evaluate(values) is var v && v == true ? true : acc is null || v is null ? null : false),
        Not not => !not.Item.Evaluate(values),
        _ => null,
    };

    private static bool? Compare(Leaf leaf, MetricValue value)
    {
        if (leaf.Operator == FilterOperator.IsNull)
        {
            return (value.Kind == MetricValueKind.None) == (leaf.Operands[0] != 0);
        }
        if (value.Kind == MetricValueKind.None)
        {
            return null;
        }
        var number = value.Kind == MetricValueKind.Integer ? (double)value.Integer : value.Real;
        var operand = leaf.Operands[0];
        return leaf.Operator switch
        {
            FilterOperator.In => leaf.Operands.Contains(number),
            FilterOperator.NotEqual => !leaf.Operands.Contains(number),
            FilterOperator.GreaterThan => number > operand,
            FilterOperator.GreaterThanOrEqual => number >= operand,
            FilterOperator.LessThan => number < operand,
            _ => number <= operand,
        };
    }
}
