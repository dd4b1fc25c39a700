using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Udc.Engine.Query.Kernels;

// Filters that turn a column into a mask. Each builds a predicate struct and runs the one loop below,
// which the JIT specialises per predicate and element type.
internal static partial class MaskKernels
{
    /// <summary>Overwrites <paramref name="mask"/> with a bit for each row where <c>TOp.Compare(values[row], operand)</c>.</summary>
    public static void Compare<T, TOp>(ReadOnlySpan<T> values, T operand, Span<ulong> mask)
        where TOp : struct, IComparisonOperator<T> =>
        Evaluate(values, new OperatorPredicate<T, TOp>(operand), mask);

    /// <summary>Overwrites <paramref name="mask"/> with the rows in [low, high]; a date range in one pass.</summary>
    public static void Between(ReadOnlySpan<long> values, long lowInclusive, long highInclusive, Span<ulong> mask) =>
        Evaluate(values, new RangePredicate(lowInclusive, highInclusive), mask);

    /// <summary>Overwrites <paramref name="mask"/> with the rows whose value equals <paramref name="operand"/>.</summary>
    public static void BoolEquals(ReadOnlySpan<bool> values, bool operand, Span<ulong> mask) =>
        Evaluate(MemoryMarshal.Cast<bool, byte>(values), new BoolPredicate(operand), mask);

    /// <summary>
    /// Overwrites <paramref name="mask"/> with the rows whose dictionary code is accepted. A null code (-1) or
    /// a code past the end of <paramref name="acceptedCodes"/> is not accepted.
    /// </summary>
    public static void CodeIn(ReadOnlySpan<int> codes, ReadOnlySpan<bool> acceptedCodes, Span<ulong> mask)
    {
        // Scalar: the lookup is a gather from a bool table. AVX2 gathers only 32-bit lanes, at about one lane
        // per cycle, which is no faster than one load per row.
        var wordCount = CheckedWordCount(codes.Length, mask, nameof(mask));
        for (var word = 0; word < wordCount; word++)
        {
            var start = word * RowsPerWord;
            var block = codes.Slice(start, Math.Min(RowsPerWord, codes.Length - start));
            ulong bits = 0;
            for (var j = 0; j < block.Length; j++)
            {
                var code = block[j];
                if ((uint)code < (uint)acceptedCodes.Length)
                {
                    bits |= (acceptedCodes[code] ? 1UL : 0UL) << j;
                }
            }
            mask[word] = bits;
        }
    }

    private static void Evaluate<T, TPredicate>(ReadOnlySpan<T> values, TPredicate predicate, Span<ulong> mask)
        where TPredicate : struct, IRowPredicate<T>
    {
        CheckedWordCount(values.Length, mask, nameof(mask));
        var width = KernelPaths.Maximum;
        ref var first = ref MemoryMarshal.GetReference(values);
        var fullWords = mask[..(values.Length / RowsPerWord)];
        switch (width)
        {
            case VectorWidth.Vector256:
                FullWords256(ref first, predicate, fullWords);
                break;
            case VectorWidth.Vector128:
                FullWords128(ref first, predicate, fullWords);
                break;
            default:
                FullWordsScalar(ref first, predicate, fullWords);
                break;
        }

        var tailRows = values.Length % RowsPerWord;
        if (tailRows != 0)
        {
            var tailStart = fullWords.Length * RowsPerWord;
            mask[fullWords.Length] = TailWord(ref Unsafe.Add(ref first, tailStart), tailRows, predicate, width);
        }
    }

    // A Vector256 holds 4 long/double, 8 int or 32 byte rows, so a 64-row word takes 16, 8 or 2 compares; the
    // inner trip count is a constant per instantiation, and each compare's sign bits land at their row offset.
    private static void FullWords256<T, TPredicate>(ref T first, TPredicate predicate, Span<ulong> words)
        where TPredicate : struct, IRowPredicate<T>
    {
        for (var word = 0; word < words.Length; word++)
        {
            ref var block = ref Unsafe.Add(ref first, (nint)word * RowsPerWord);
            ulong bits = 0;
            for (var j = 0; j < RowsPerWord; j += Vector256<T>.Count)
            {
                var lanes = predicate.Test(Vector256.LoadUnsafe(ref block, (nuint)j));
                bits |= (ulong)lanes.ExtractMostSignificantBits() << j;
            }
            words[word] = bits;
        }
    }

    private static void FullWords128<T, TPredicate>(ref T first, TPredicate predicate, Span<ulong> words)
        where TPredicate : struct, IRowPredicate<T>
    {
        for (var word = 0; word < words.Length; word++)
        {
            ref var block = ref Unsafe.Add(ref first, (nint)word * RowsPerWord);
            ulong bits = 0;
            for (var j = 0; j < RowsPerWord; j += Vector128<T>.Count)
            {
                var lanes = predicate.Test(Vector128.LoadUnsafe(ref block, (nuint)j));
                bits |= (ulong)lanes.ExtractMostSignificantBits() << j;
            }
            words[word] = bits;
        }
    }

    private static void FullWordsScalar<T, TPredicate>(ref T first, TPredicate predicate, Span<ulong> words)
        where TPredicate : struct, IRowPredicate<T>
    {
        for (var word = 0; word < words.Length; word++)
        {
            words[word] = ScalarBits(ref Unsafe.Add(ref first, (nint)word * RowsPerWord), 0, RowsPerWord, predicate);
        }
    }

    // The last, partial word takes the same ladder on what is left: whole Vector256s, then whole
    // Vector128s, then single rows. Bits from rows past the end are never set.
    private static ulong TailWord<T, TPredicate>(ref T block, int rows, TPredicate predicate, VectorWidth width)
        where TPredicate : struct, IRowPredicate<T>
    {
        ulong bits = 0;
        var j = 0;
        if (width == VectorWidth.Vector256)
        {
            for (; j <= rows - Vector256<T>.Count; j += Vector256<T>.Count)
            {
                bits |= (ulong)predicate.Test(Vector256.LoadUnsafe(ref block, (nuint)j)).ExtractMostSignificantBits() << j;
            }
        }
        if (width >= VectorWidth.Vector128)
        {
            for (; j <= rows - Vector128<T>.Count; j += Vector128<T>.Count)
            {
                bits |= (ulong)predicate.Test(Vector128.LoadUnsafe(ref block, (nuint)j)).ExtractMostSignificantBits() << j;
            }
        }
        return bits | ScalarBits(ref block, j, rows, predicate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ScalarBits<T, TPredicate>(ref T block, int from, int to, TPredicate predicate)
        where TPredicate : struct, IRowPredicate<T>
    {
        ulong bits = 0;
        for (var j = from; j < to; j++)
        {
            // A conditional select, not a branch: filter outcomes on real data are unpredictable.
            bits |= (predicate.Test(Unsafe.Add(ref block, j)) ? 1UL : 0UL) << j;
        }
        return bits;
    }
}
