using System.Runtime.CompilerServices;

namespace Udc.Engine.Query.Kernels;

/// <summary>
/// Filters over column arrays that produce and combine row bitmasks. Row r is bit <c>r &amp; 63</c> of word
/// <c>r &gt;&gt; 6</c>; a mask for n rows has <see cref="WordCount"/>(n) words, and the bits past n in its
/// last word are always zero, so whole-word operations and <see cref="PopCount"/> never see phantom rows.
/// Kernels write only the first <see cref="WordCount"/>(n) words of a longer span and leave the rest alone.
/// </summary>
internal static partial class MaskKernels
{
    /// <summary>Rows per mask word: one bit each in a <see cref="ulong"/>.</summary>
    public const int RowsPerWord = 64;

    /// <summary>Mask words needed for <paramref name="rowCount"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WordCount(int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        // Unsigned so int.MaxValue rows do not overflow the round-up.
        return (int)(((uint)rowCount + (RowsPerWord - 1)) / RowsPerWord);
    }

    /// <summary>The valid bits of the last word for <paramref name="rowCount"/> rows: all 64 when it is full.</summary>
    internal static ulong LastWordBits(int rowCount) => ulong.MaxValue >> ((RowsPerWord - (rowCount & 63)) & 63);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CheckedWordCount(int rowCount, Span<ulong> mask, string paramName)
    {
        var wordCount = WordCount(rowCount);
        if (mask.Length < wordCount)
        {
            KernelThrow.MaskTooShort(mask.Length, wordCount, paramName);
        }
        return wordCount;
    }
}
