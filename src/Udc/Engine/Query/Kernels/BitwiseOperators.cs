using System.Runtime.Intrinsics;

namespace Udc.Engine.Query.Kernels;

// The mask combinations behind MaskKernels.And, AndNot and Or.

/// <summary>Rows in both masks.</summary>
internal readonly struct AndOperator : IBitwiseOperator
{
    public static ulong Apply(ulong target, ulong other) => target & other;

    public static Vector256<ulong> Apply(Vector256<ulong> target, Vector256<ulong> other) => target & other;

    public static Vector128<ulong> Apply(Vector128<ulong> target, Vector128<ulong> other) => target & other;
}

/// <summary>Rows in the target but not in the other mask.</summary>
internal readonly struct AndNotOperator : IBitwiseOperator
{
    public static ulong Apply(ulong target, ulong other) => target & ~other;

    public static Vector256<ulong> Apply(Vector256<ulong> target, Vector256<ulong> other) => Vector256.AndNot(target, other);

    public static Vector128<ulong> Apply(Vector128<ulong> target, Vector128<ulong> other) => Vector128.AndNot(target, other);
}

/// <summary>Rows in either mask.</summary>
internal readonly struct OrOperator : IBitwiseOperator
{
    public static ulong Apply(ulong target, ulong other) => target | other;

    public static Vector256<ulong> Apply(Vector256<ulong> target, Vector256<ulong> other) => target | other;

    public static Vector128<ulong> Apply(Vector128<ulong> target, Vector128<ulong> other) => target | other;
}
