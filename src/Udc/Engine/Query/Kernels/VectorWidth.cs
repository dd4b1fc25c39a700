namespace Udc.Engine.Query.Kernels;

/// <summary>The widest SIMD register a kernel may use; ordered so a narrower path compares lower.</summary>
internal enum VectorWidth
{
    Scalar = 0,
    Vector128 = 1,
    Vector256 = 2,
}
