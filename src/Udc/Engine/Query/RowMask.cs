using System.Buffers;
using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Query;

/// <summary>A pooled bitmask with one bit per row of a snapshot: the set of rows a query matches.</summary>
internal sealed class RowMask : IDisposable
{
    private ulong[]? _words;

    private RowMask(int rowCount)
    {
        RowCount = rowCount;
        WordCount = MaskKernels.WordCount(rowCount);
        _words = ArrayPool<ulong>.Shared.Rent(Math.Max(1, WordCount));
    }

    public int RowCount { get; }

    public int WordCount { get; }

    public Span<ulong> Words => _words.AsSpan(0, WordCount);

    /// <summary>A mask with every row set.</summary>
    public static RowMask All(int rowCount)
    {
        var mask = new RowMask(rowCount);
        MaskKernels.SetAll(mask.Words, rowCount);
        return mask;
    }

    /// <summary>A mask with no row set.</summary>
    public static RowMask Empty(int rowCount)
    {
        var mask = new RowMask(rowCount);
        mask.Words.Clear();
        return mask;
    }

    public int Count() => MaskKernels.PopCount(Words);

    public void Dispose()
    {
        if (_words is { } words)
        {
            _words = null;
            ArrayPool<ulong>.Shared.Return(words);
        }
    }
}
