using System.Runtime.Intrinsics;

namespace Udc.Engine.Query.Kernels;

/// <summary>
/// A per-row test with its operands already broadcast, passed as a struct type argument so the one
/// word-assembly loop in <see cref="MaskKernels"/> is specialised for each predicate.
/// </summary>
internal interface IRowPredicate<T>
{
    bool Test(T value);

    Vector256<T> Test(Vector256<T> values);

    Vector128<T> Test(Vector128<T> values);
}
