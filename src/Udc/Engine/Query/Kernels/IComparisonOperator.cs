using System.Runtime.Intrinsics;

namespace Udc.Engine.Query.Kernels;

/// <summary>
/// A comparison as a struct type argument, so the JIT compiles one specialised loop per operator and
/// element type instead of calling through a delegate per row. The vector overloads return all-bits-set
/// lanes where the scalar overload returns true, including for NaN.
/// </summary>
internal interface IComparisonOperator<T>
{
    static abstract bool Compare(T value, T operand);

    static abstract Vector256<T> Compare(Vector256<T> values, Vector256<T> operand);

    static abstract Vector128<T> Compare(Vector128<T> values, Vector128<T> operand);
}
