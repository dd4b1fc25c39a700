using System.Runtime.Intrinsics;

namespace Udc.Engine.Query.Kernels;

// The predicates behind the public kernels. Each broadcasts its operands once per call, so the loops
// only load, compare and extract.

/// <summary>Adapts a comparison operator and its operand to a row predicate.</summary>
internal readonly struct OperatorPredicate<T, TOp>(T operand) : IRowPredicate<T>
    where TOp : struct, IComparisonOperator<T>
{
    private readonly Vector256<T> _operand256 = Vector256.Create(operand);
    private readonly Vector128<T> _operand128 = Vector128.Create(operand);
    private readonly T _operand = operand;

    public bool Test(T value) => TOp.Compare(value, _operand);

    public Vector256<T> Test(Vector256<T> values) => TOp.Compare(values, _operand256);

    public Vector128<T> Test(Vector128<T> values) => TOp.Compare(values, _operand128);
}

/// <summary>Rows inside an inclusive range; an empty range (low above high) matches nothing.</summary>
internal readonly struct RangePredicate(long lowInclusive, long highInclusive) : IRowPredicate<long>
{
    private readonly Vector256<long> _low256 = Vector256.Create(lowInclusive);
    private readonly Vector256<long> _high256 = Vector256.Create(highInclusive);
    private readonly Vector128<long> _low128 = Vector128.Create(lowInclusive);
    private readonly Vector128<long> _high128 = Vector128.Create(highInclusive);
    private readonly long _low = lowInclusive;
    private readonly long _high = highInclusive;

    public bool Test(long value) => value >= _low & value <= _high;

    public Vector256<long> Test(Vector256<long> values) =>
        Vector256.GreaterThanOrEqual(values, _low256) & Vector256.LessThanOrEqual(values, _high256);

    public Vector128<long> Test(Vector128<long> values) =>
        Vector128.GreaterThanOrEqual(values, _low128) & Vector128.LessThanOrEqual(values, _high128);
}

/// <summary>
/// Booleans read as bytes. Any non-zero byte counts as true, so the test is "byte is zero" flipped for a
/// true operand; that stays correct even for a bool that was not normalised to 1.
/// </summary>
internal readonly struct BoolPredicate(bool operand) : IRowPredicate<byte>
{
    private readonly Vector256<byte> _flip256 = operand ? Vector256<byte>.AllBitsSet : Vector256<byte>.Zero;
    private readonly Vector128<byte> _flip128 = operand ? Vector128<byte>.AllBitsSet : Vector128<byte>.Zero;
    private readonly bool _operand = operand;

    public bool Test(byte value) => (value != 0) == _operand;

    public Vector256<byte> Test(Vector256<byte> values) => Vector256.Equals(values, Vector256<byte>.Zero) ^ _flip256;

    public Vector128<byte> Test(Vector128<byte> values) => Vector128.Equals(values, Vector128<byte>.Zero) ^ _flip128;
}
