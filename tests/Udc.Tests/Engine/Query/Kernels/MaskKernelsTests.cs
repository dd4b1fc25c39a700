using System.Runtime.CompilerServices;
using Udc.Engine.Query.Kernels;

namespace Udc.Tests.Engine.Query.Kernels;

/// <summary>
/// KernelPaths.Maximum is process-wide, so every test that forces a path lives in this one collection and the
/// collection runs alone: no other test observes a forced path, and none changes it under these tests.
/// </summary>
[CollectionDefinition(nameof(KernelPathCollection), DisableParallelization = true)]
public sealed class KernelPathCollection;

[Collection(nameof(KernelPathCollection))]
public sealed class MaskKernelsTests
{
    // Lengths around the 64-row word edges and the 4/8-lane vector edges, plus two sizes with a ragged tail.
    private static readonly int[] s_lengths = [0, 1, 3, 63, 64, 65, 127, 1000, 1037];
    private static readonly string[] s_paths = [nameof(VectorWidth.Vector256), nameof(VectorWidth.Vector128), nameof(VectorWidth.Scalar)];

    // A sentinel word after the mask proves the kernels write only WordCount(length) words.
    private const ulong Guard = 0xDEAD_BEEF_DEAD_BEEF;

    public static TheoryData<string, int> PathsAndLengths()
    {
        var data = new TheoryData<string, int>();
        foreach (var path in s_paths)
        {
            foreach (var length in s_lengths)
            {
                data.Add(path, length);
            }
        }
        return data;
    }

    public static TheoryData<string> Paths() => new(s_paths);

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void Compare_Int64EveryOperator_MatchesScalarReference(string path, int length)
    {
        var random = new Random(1000 + length);
        var values = new long[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.Next(10) switch
            {
                0 => long.MinValue,
                1 => long.MaxValue,
                2 => random.NextInt64(long.MinValue, long.MaxValue),
                _ => random.Next(-4, 5),
            };
        }
        long[] operands = [0, -3, 4, long.MinValue, long.MaxValue];
        WithPath(path, () =>
        {
            foreach (var operand in operands)
            {
                var context = $"{path} long[{length}] vs {operand}";
                Check<long, Equal>(values, operand, static (v, o) => v == o, context);
                Check<long, NotEqual>(values, operand, static (v, o) => v != o, context);
                Check<long, GreaterThan>(values, operand, static (v, o) => v > o, context);
                Check<long, GreaterThanOrEqual>(values, operand, static (v, o) => v >= o, context);
                Check<long, LessThan>(values, operand, static (v, o) => v < o, context);
                Check<long, LessThanOrEqual>(values, operand, static (v, o) => v <= o, context);
            }
        });
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void Compare_DoubleEveryOperatorWithNaN_MatchesScalarReference(string path, int length)
    {
        var random = new Random(2000 + length);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.Next(12) switch
            {
                0 => double.NaN,
                1 => -0.0,
                2 => double.PositiveInfinity,
                3 => double.NegativeInfinity,
                4 => (random.NextDouble() - 0.5) * 1e6,
                _ => random.Next(-4, 5) * 0.5,
            };
        }
        double[] operands = [0.0, -0.0, 1.5, -3.0, double.NaN, double.PositiveInfinity];
        WithPath(path, () =>
        {
            foreach (var operand in operands)
            {
                var context = $"{path} double[{length}] vs {operand}";
                Check<double, Equal>(values, operand, static (v, o) => v == o, context);
                Check<double, NotEqual>(values, operand, static (v, o) => v != o, context);
                Check<double, GreaterThan>(values, operand, static (v, o) => v > o, context);
                Check<double, GreaterThanOrEqual>(values, operand, static (v, o) => v >= o, context);
                Check<double, LessThan>(values, operand, static (v, o) => v < o, context);
                Check<double, LessThanOrEqual>(values, operand, static (v, o) => v <= o, context);
            }
        });
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void Compare_Int32EveryOperator_MatchesScalarReference(string path, int length)
    {
        var random = new Random(3000 + length);
        var values = new int[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.Next(10) switch
            {
                0 => int.MinValue,
                1 => int.MaxValue,
                2 => random.Next(int.MinValue, int.MaxValue),
                3 => -1,
                _ => random.Next(-4, 5),
            };
        }
        int[] operands = [0, -1, 3, int.MinValue, int.MaxValue];
        WithPath(path, () =>
        {
            foreach (var operand in operands)
            {
                var context = $"{path} int[{length}] vs {operand}";
                Check<int, Equal>(values, operand, static (v, o) => v == o, context);
                Check<int, NotEqual>(values, operand, static (v, o) => v != o, context);
                Check<int, GreaterThan>(values, operand, static (v, o) => v > o, context);
                Check<int, GreaterThanOrEqual>(values, operand, static (v, o) => v >= o, context);
                Check<int, LessThan>(values, operand, static (v, o) => v < o, context);
                Check<int, LessThanOrEqual>(values, operand, static (v, o) => v <= o, context);
            }
        });
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void Between_InclusiveRanges_MatchesScalarReference(string path, int length)
    {
        var random = new Random(4000 + length);
        // Unix-ms timestamps over about 30 days, so a one-week range selects roughly a quarter of them.
        const long Start = 1_700_000_000_000;
        const long Day = 86_400_000;
        var values = new long[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = Start + random.NextInt64(30 * Day);
        }
        var exact = length > 0 ? values[length / 2] : Start;
        (long Low, long High)[] ranges =
        [
            (Start + (7 * Day), Start + (14 * Day)),
            (exact, exact),
            (Start + Day, Start),
            (long.MinValue, long.MaxValue),
        ];
        WithPath(path, () =>
        {
            foreach (var (low, high) in ranges)
            {
                var expected = Reference(values, v => v >= low && v <= high);
                var actual = Run(length, mask => MaskKernels.Between(values, low, high, mask));
                AssertMask(expected, actual, $"{path} between [{low}, {high}] over {length}");
            }
        });
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void BoolEquals_BothOperands_MatchesScalarReference(string path, int length)
    {
        var random = new Random(5000 + length);
        var values = new bool[length];
        for (var i = 0; i < length; i++)
        {
            // One row in ten holds a non-normalised true (byte 2), which still counts as true.
            values[i] = random.Next(10) switch
            {
                0 => Unsafe.BitCast<byte, bool>(2),
                < 5 => true,
                _ => false,
            };
        }
        WithPath(path, () =>
        {
            foreach (var operand in new[] { true, false })
            {
                var expected = Reference(values, v => (Unsafe.BitCast<bool, byte>(v) != 0) == operand);
                var actual = Run(length, mask => MaskKernels.BoolEquals(values, operand, mask));
                AssertMask(expected, actual, $"{path} bool[{length}] == {operand}");
            }
        });
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void CodeIn_NullAndOutOfRangeCodes_AreNotAccepted(string path, int length)
    {
        var random = new Random(6000 + length);
        // Codes 8 and 9 fall past the 8-entry accepted table; -1 is a null row.
        var codes = new int[length];
        for (var i = 0; i < length; i++)
        {
            codes[i] = random.Next(-1, 10);
        }
        bool[] accepted = [true, false, false, true, true, false, true, false];
        WithPath(path, () =>
        {
            var expected = Reference(codes, c => c >= 0 && c < accepted.Length && accepted[c]);
            var actual = Run(length, mask => MaskKernels.CodeIn(codes, accepted, mask));
            AssertMask(expected, actual, $"{path} codes[{length}]");
        });
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void AndAndNotOr_RandomMasks_MatchWordWiseReference(string path, int length)
    {
        var random = new Random(7000 + length);
        var left = RandomMask(random, length);
        var right = RandomMask(random, length);
        WithPath(path, () =>
        {
            var and = (ulong[])left.Clone();
            MaskKernels.And(and, right);
            var andNot = (ulong[])left.Clone();
            MaskKernels.AndNot(andNot, right);
            var or = (ulong[])left.Clone();
            MaskKernels.Or(or, right);
            for (var i = 0; i < left.Length; i++)
            {
                Assert.Equal(left[i] & right[i], and[i]);
                Assert.Equal(left[i] & ~right[i], andNot[i]);
                Assert.Equal(left[i] | right[i], or[i]);
            }
        });
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void NotSetAllPopCount_AnyLength_KeepTailBitsZero(string path, int length)
    {
        var random = new Random(8000 + length);
        var mask = RandomMask(random, length);
        var selected = MaskKernels.PopCount(mask);
        WithPath(path, () =>
        {
            var negated = (ulong[])mask.Clone();
            MaskKernels.Not(negated, length);
            AssertTailZero(negated, length);
            Assert.Equal(length - selected, MaskKernels.PopCount(negated));
            for (var row = 0; row < length; row++)
            {
                Assert.NotEqual(IsSet(mask, row), IsSet(negated, row));
            }

            var all = new ulong[MaskKernels.WordCount(length)];
            MaskKernels.SetAll(all, length);
            AssertTailZero(all, length);
            Assert.Equal(length, MaskKernels.PopCount(all));
        });
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void PopCountAndEnumerateRows_RandomMask_MatchBitByBitReference(string path, int length)
    {
        var random = new Random(9000 + length);
        var mask = RandomMask(random, length);
        var expectedRows = new List<int>();
        for (var row = 0; row < length; row++)
        {
            if (IsSet(mask, row))
            {
                expectedRows.Add(row);
            }
        }
        WithPath(path, () =>
        {
            Assert.Equal(expectedRows.Count, MaskKernels.PopCount(mask));
            var rows = new List<int>();
            foreach (var row in MaskKernels.EnumerateRows(mask))
            {
                rows.Add(row);
            }
            Assert.Equal(expectedRows, rows);
        });
    }

    [Fact]
    public void EnumerateRows_EmptyAndAllSet_YieldNothingThenEveryRow()
    {
        foreach (var _ in MaskKernels.EnumerateRows([]))
        {
            Assert.Fail("An empty mask has no rows.");
        }
        var all = new ulong[MaskKernels.WordCount(130)];
        MaskKernels.SetAll(all, 130);
        var next = 0;
        foreach (var row in MaskKernels.EnumerateRows(all))
        {
            Assert.Equal(next++, row);
        }
        Assert.Equal(130, next);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Compare_OneMillionRows_AllocatesNothing(string path)
    {
        var values = new long[1_000_000];
        new Random(42).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        var mask = new ulong[MaskKernels.WordCount(values.Length)];
        WithPath(path, () =>
        {
            // The first round compiles every instantiation (and may allocate doing so). Tiered compilation can
            // still allocate a few KB on this thread later (a method promoted mid-round), so the fewest bytes of
            // three measured rounds is asserted: anything per row would allocate megabytes in every round.
            RunKernels(values, mask);
            var fewest = long.MaxValue;
            var rows = 0;
            for (var round = 0; round < 3; round++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                rows = RunKernels(values, mask);
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.Equal(0, fewest);
            Assert.Equal(MaskKernels.PopCount(mask), rows);
        });
    }

    private static int RunKernels(long[] values, ulong[] mask)
    {
        MaskKernels.Compare<long, GreaterThan>(values, 0, mask);
        MaskKernels.Between(values, -1000, 1000, mask);
        MaskKernels.And(mask, mask);
        var rows = 0;
        foreach (var _ in MaskKernels.EnumerateRows(mask))
        {
            rows++;
        }
        return rows;
    }

    [Fact]
    public void Kernels_MaskTooShort_ThrowArgumentException()
    {
        var values = new long[65];
        var shortMask = new ulong[1];
        Assert.Throws<ArgumentException>(() => MaskKernels.Compare<long, Equal>(values, 0, shortMask));
        Assert.Throws<ArgumentException>(() => MaskKernels.CodeIn(new int[65], [true], shortMask));
        Assert.Throws<ArgumentException>(() => MaskKernels.Not(shortMask, 65));
        Assert.Throws<ArgumentException>(() => MaskKernels.And(new ulong[2], shortMask));
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskKernels.WordCount(-1));
    }

    [Fact]
    public void WordCount_Boundaries_RoundUpToWholeWords()
    {
        Assert.Equal(0, MaskKernels.WordCount(0));
        Assert.Equal(1, MaskKernels.WordCount(1));
        Assert.Equal(1, MaskKernels.WordCount(64));
        Assert.Equal(2, MaskKernels.WordCount(65));
        Assert.Equal(33_554_432, MaskKernels.WordCount(int.MaxValue));
    }

    [Fact]
    public void KernelPaths_WiderThanHardware_IsClampedToBest()
    {
        var saved = KernelPaths.Maximum;
        try
        {
            KernelPaths.Maximum = VectorWidth.Vector256;
            Assert.Equal(KernelPaths.Best, KernelPaths.Maximum);
            KernelPaths.Maximum = VectorWidth.Scalar;
            Assert.Equal(VectorWidth.Scalar, KernelPaths.Maximum);
        }
        finally
        {
            KernelPaths.Maximum = saved;
        }
    }

    private static void WithPath(string path, Action body)
    {
        var saved = KernelPaths.Maximum;
        KernelPaths.Maximum = Enum.Parse<VectorWidth>(path);
        try
        {
            body();
        }
        finally
        {
            KernelPaths.Maximum = saved;
        }
    }

    private static void Check<T, TOp>(T[] values, T operand, Func<T, T, bool> reference, string context)
        where TOp : struct, IComparisonOperator<T>
    {
        var expected = Reference(values, v => reference(v, operand));
        var actual = Run(values.Length, mask => MaskKernels.Compare<T, TOp>(values, operand, mask));
        AssertMask(expected, actual, $"{context} {typeof(TOp).Name}");
    }

    private delegate void Kernel(Span<ulong> mask);

    /// <summary>Runs a kernel on a mask pre-filled with ones plus a guard word, and checks the guard survives.</summary>
    private static ulong[] Run(int length, Kernel kernel)
    {
        var wordCount = MaskKernels.WordCount(length);
        var buffer = new ulong[wordCount + 1];
        buffer.AsSpan(0, wordCount).Fill(ulong.MaxValue);
        buffer[wordCount] = Guard;
        kernel(buffer);
        Assert.Equal(Guard, buffer[wordCount]);
        return buffer[..wordCount];
    }

    private static ulong[] Reference<T>(T[] values, Func<T, bool> predicate)
    {
        var mask = new ulong[MaskKernels.WordCount(values.Length)];
        for (var row = 0; row < values.Length; row++)
        {
            if (predicate(values[row]))
            {
                mask[row >> 6] |= 1UL << (row & 63);
            }
        }
        return mask;
    }

    private static ulong[] RandomMask(Random random, int length)
    {
        var mask = new ulong[MaskKernels.WordCount(length)];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }
        if (mask.Length > 0)
        {
            mask[^1] &= MaskKernels.LastWordBits(length);
        }
        return mask;
    }

    private static bool IsSet(ulong[] mask, int row) => (mask[row >> 6] & (1UL << (row & 63))) != 0;

    private static void AssertTailZero(ulong[] mask, int length)
    {
        if (mask.Length > 0)
        {
            Assert.Equal(0UL, mask[^1] & ~MaskKernels.LastWordBits(length));
        }
    }

    private static void AssertMask(ulong[] expected, ulong[] actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                Assert.Fail($"{context}: word {i} expected {expected[i]:X16} but was {actual[i]:X16}.");
            }
        }
    }
}
