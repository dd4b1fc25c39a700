using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Udc.Engine.Query.Kernels;

// Operations on masks themselves: combining filters, negating, counting and walking the selected rows.
internal static partial class MaskKernels
{
    /// <summary><c>target &amp;= other</c>, word by word over <paramref name="target"/>.</summary>
    public static void And(Span<ulong> target, ReadOnlySpan<ulong> other) => Combine<AndOperator>(target, other);

    /// <summary><c>target &amp;= ~other</c>; drops the rows set in <paramref name="other"/>, such as null rows.</summary>
    public static void AndNot(Span<ulong> target, ReadOnlySpan<ulong> other) => Combine<AndNotOperator>(target, other);

    /// <summary><c>target |= other</c>, word by word over <paramref name="target"/>.</summary>
    public static void Or(Span<ulong> target, ReadOnlySpan<ulong> other) => Combine<OrOperator>(target, other);

    /// <summary>Flips the bits of the first <paramref name="rowCount"/> rows and keeps the bits past them zero.</summary>
    public static void Not(Span<ulong> target, int rowCount)
    {
        var wordCount = CheckedWordCount(rowCount, target, nameof(target));
        if (wordCount == 0)
        {
            return;
        }
        var words = target[..wordCount];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = ~words[i];
        }
        words[^1] &= LastWordBits(rowCount);
    }

    /// <summary>Selects the first <paramref name="rowCount"/> rows and keeps the bits past them zero.</summary>
    public static void SetAll(Span<ulong> mask, int rowCount)
    {
        var wordCount = CheckedWordCount(rowCount, mask, nameof(mask));
        if (wordCount == 0)
        {
            return;
        }
        var words = mask[..wordCount];
        words.Fill(ulong.MaxValue);
        words[^1] = LastWordBits(rowCount);
    }

    /// <summary>The number of selected rows.</summary>
    public static int PopCount(ReadOnlySpan<ulong> mask)
    {
        // Scalar on purpose: POPCNT counts a whole 64-row word in one instruction (1,000,000 rows are 15,625
        // words), and Vector128/Vector256 have no portable population count to do better with.
        var count = 0;
        foreach (var word in mask)
        {
            count += BitOperations.PopCount(word);
        }
        return count;
    }

    /// <summary>The selected rows in ascending order, without allocating: <c>foreach (var row in EnumerateRows(mask))</c>.</summary>
    public static SetBitEnumerator EnumerateRows(ReadOnlySpan<ulong> mask) => new(mask);

    private static void Combine<TOp>(Span<ulong> target, ReadOnlySpan<ulong> other)
        where TOp : struct, IBitwiseOperator
    {
        if (other.Length < target.Length)
        {
            KernelThrow.OperandTooShort(other.Length, target.Length, nameof(other));
        }
        var width = KernelPaths.Maximum;
        ref var left = ref MemoryMarshal.GetReference(target);
        ref var right = ref MemoryMarshal.GetReference(other);
        var length = (nuint)target.Length;
        nuint i = 0;
        if (width == VectorWidth.Vector256)
        {
            for (; i + (nuint)Vector256<ulong>.Count <= length; i += (nuint)Vector256<ulong>.Count)
            {
                TOp.Apply(Vector256.LoadUnsafe(ref left, i), Vector256.LoadUnsafe(ref right, i)).StoreUnsafe(ref left, i);
            }
        }
        if (width >= VectorWidth.Vector128)
        {
            for (; i + (nuint)Vector128<ulong>.Count <= length; i += (nuint)Vector128<ulong>.Count)
            {
                TOp.Apply(Vector128.LoadUnsafe(ref left, i), Vector128.LoadUnsafe(ref right, i)).StoreUnsafe(ref left, i);
            }
        }
        for (; i < length; i++)
        {
            target[(int)i] = TOp.Apply(target[(int)i], other[(int)i]);
        }
    }
}
