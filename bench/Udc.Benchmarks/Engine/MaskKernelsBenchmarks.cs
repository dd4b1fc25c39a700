using BenchmarkDotNet.Attributes;
using Udc.Engine.Query.Kernels;

namespace Udc.Benchmarks.Engine;

/// <summary>
/// The filter kernels over one million rows, on the Vector256 path against the scalar one. CodeIn and
/// PopCount are scalar on every path, so their two rows differ only by noise.
/// </summary>
[MemoryDiagnoser]
public class MaskKernelsBenchmarks
{
    private const int RowCount = 1_000_000;

    // 100 distinct codes with 10 accepted gives a 10% any-of filter, a typical category pick; -1 is a null.
    private const int DistinctCodes = 100;

    private long[] _int64Values = [];
    private int[] _codes = [];
    private bool[] _acceptedCodes = [];
    private ulong[] _mask = [];
    private ulong[] _selection = [];
    private VectorWidth _savedPath;

    /// <summary>A public mirror of the internal <see cref="VectorWidth"/>, which BenchmarkDotNet's generated code cannot name.</summary>
    public enum KernelPath
    {
        Scalar,
        Vector256,
    }

    [Params(KernelPath.Vector256, KernelPath.Scalar)]
    public KernelPath Path { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20_240_601);
        // Uniform over the whole range, so "> 0" keeps half the rows in no predictable pattern.
        _int64Values = new long[RowCount];
        for (var i = 0; i < RowCount; i++)
        {
            _int64Values[i] = random.NextInt64(long.MinValue, long.MaxValue);
        }
        _codes = new int[RowCount];
        for (var i = 0; i < RowCount; i++)
        {
            _codes[i] = random.Next(-1, DistinctCodes);
        }
        _acceptedCodes = new bool[DistinctCodes];
        for (var code = 0; code < DistinctCodes; code += 10)
        {
            _acceptedCodes[code] = true;
        }
        _mask = new ulong[MaskKernels.WordCount(RowCount)];
        _selection = new ulong[_mask.Length];
        MaskKernels.Compare<long, GreaterThan>(_int64Values, 0, _selection);

        _savedPath = KernelPaths.Maximum;
        KernelPaths.Maximum = Path == KernelPath.Vector256 ? VectorWidth.Vector256 : VectorWidth.Scalar;
    }

    [GlobalCleanup]
    public void Cleanup() => KernelPaths.Maximum = _savedPath;

    [Benchmark]
    public void CompareInt64GreaterThan() => MaskKernels.Compare<long, GreaterThan>(_int64Values, 0, _mask);

    [Benchmark]
    public void CompareInt32Equal() => MaskKernels.Compare<int, Equal>(_codes, 7, _mask);

    [Benchmark]
    public void CodeIn() => MaskKernels.CodeIn(_codes, _acceptedCodes, _mask);

    [Benchmark]
    public int PopCount() => MaskKernels.PopCount(_selection);
}
