using System.Runtime.Intrinsics;

namespace Udc.Engine.Query.Kernels;

/// <summary>A word-wise mask combination as a struct type argument, so each gets its own specialised loop.</summary>
internal interface IBitwiseOperator
{
    static abstract ulong Apply(ulong target, ulong other);

    static abstract Vector256<ulong> Apply(Vector256<ulong> target, Vector256<ulong> other);

    static abstract Vector128<ulong> Apply(Vector128<ulong> target, Vector128<ulong> other);
}
