namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// One metric of one group. Whole-number columns are summed and compared as integers (sums in 128 bits), so
/// ids past 2^53 and large totals stay exact; only averages and double columns are doubles.
/// </summary>
internal readonly record struct MetricValue(MetricValueKind Kind, Int128 Integer, double Real)
{
    public static MetricValue None => default;

    public static MetricValue OfInteger(Int128 value) => new(MetricValueKind.Integer, value, 0);

    public static MetricValue OfReal(double value) => double.IsFinite(value) ? new(MetricValueKind.Real, 0, value) : None;
}

internal enum MetricValueKind : byte
{
    /// <summary>No row of the group had a value (or a double sum overflowed).</summary>
    None,
    Integer,
    Real,
}
