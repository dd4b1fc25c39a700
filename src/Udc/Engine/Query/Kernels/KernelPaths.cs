using System.Runtime.Intrinsics;

namespace Udc.Engine.Query.Kernels;

/// <summary>
/// Chooses the widest path the kernels take. Tests lower <see cref="Maximum"/> to force the Vector128 and
/// scalar paths; each kernel reads it once per call, so a change applies from the next call.
/// </summary>
internal static class KernelPaths
{
    /// <summary>
    /// The widest path this CPU runs in hardware. A wider request is clamped to it, because an
    /// unaccelerated Vector256 is emulated in software and is slower than the scalar loop.
    /// </summary>
    public static readonly VectorWidth Best =
        Vector256.IsHardwareAccelerated ? VectorWidth.Vector256
        : Vector128.IsHardwareAccelerated ? VectorWidth.Vector128
        : VectorWidth.Scalar;

    private static VectorWidth s_maximum = Best;

    public static VectorWidth Maximum
    {
        get => s_maximum;
        set => s_maximum = value > Best ? Best : value;
    }
}
