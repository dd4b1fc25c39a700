using System.Numerics;

namespace Udc.Engine.Query.Kernels;

/// <summary>
/// Walks the set bits of a mask as row numbers in ascending order. A <c>ref struct</c> over the mask, so a
/// <c>foreach</c> over it allocates nothing; each step is one trailing-zero count and one clear.
/// </summary>
internal ref struct SetBitEnumerator
{
    private readonly ReadOnlySpan<ulong> _mask;
    private int _wordIndex;
    private ulong _word;

    public SetBitEnumerator(ReadOnlySpan<ulong> mask)
    {
        _mask = mask;
        _wordIndex = -1;
        _word = 0;
        Current = -1;
    }

    public int Current { get; private set; }

    public readonly SetBitEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_word == 0)
        {
            if (++_wordIndex >= _mask.Length)
            {
                return false;
            }
            _word = _mask[_wordIndex];
        }
        Current = (_wordIndex * MaskKernels.RowsPerWord) + BitOperations.TrailingZeroCount(_word);
        // Clears the lowest set bit.
        _word &= _word - 1;
        return true;
    }
}
