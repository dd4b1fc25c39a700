using Udc.Engine.Columns;

namespace Udc.Tests.Engine.Columns;

public sealed class DistinctCounterTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 1_000)]
    [InlineData(2, 100_000)]
    [InlineData(3, 300_000)]
    public void Count_Int64InAnyOrderWithNulls_SameAsASet(int seed, int range)
    {
        var random = new Random(seed);
        var values = new long[200_000];
        var bits = new ulong[(values.Length + 63) / 64];
        var expected = new HashSet<long>();
        for (var row = 0; row < values.Length; row++)
        {
            // Values spread over a range, the extremes of long now and then (long.MinValue is what marks a free slot).
            values[row] = random.Next(50) switch
            {
                0 => long.MinValue,
                1 => long.MaxValue,
                2 => -random.Next(range),
                _ => 1_700_000_000_000L + 1000L * random.Next(range),
            };
            if (random.Next(10) == 0)
            {
                bits[row >> 6] |= 1UL << row;
            }
            else
            {
                expected.Add(values[row]);
            }
        }

        Assert.Equal(expected.Count, DistinctCounter.Count(values, NullMask.FromBits(bits)));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 1_000)]
    [InlineData(2, 1_000_000)]
    public void HasRepeat_Int64InAnyOrderWithNulls_SameAsCounting(int seed, int range)
    {
        var random = new Random(seed);
        var values = new long[50_000];
        var bits = new ulong[(values.Length + 63) / 64];
        for (var row = 0; row < values.Length; row++)
        {
            values[row] = random.Next(range) * 7L;
            if (random.Next(10) == 0)
            {
                bits[row >> 6] |= 1UL << row;
            }
        }
        var nulls = NullMask.FromBits(bits);

        Assert.Equal(DistinctCounter.Count(values, nulls) < values.Length - nulls.NullCount, DistinctCounter.HasRepeat(values, nulls));
    }

    [Fact]
    public void HasRepeat_EdgeShapes_OnlyEqualNonNullValuesCount()
    {
        Assert.False(DistinctCounter.HasRepeat(ReadOnlySpan<long>.Empty, NullMask.None));
        Assert.False(DistinctCounter.HasRepeat([1, 2, 3, 4], NullMask.None));
        Assert.False(DistinctCounter.HasRepeat([4, 1, 3, 2, long.MinValue], NullMask.None));
        Assert.True(DistinctCounter.HasRepeat([long.MinValue, 5, long.MinValue], NullMask.None));
        Assert.True(DistinctCounter.HasRepeat([3, 1, 2, 1], NullMask.None));
        // Rows 1 and 3 hold 0 and are null: a null is no value, so nothing repeats.
        Assert.False(DistinctCounter.HasRepeat([9, 0, 8, 0], NullMask.FromBits([0b1010UL])));
    }

    [Fact]
    public void HasRepeats_ColumnsOfEveryKind_AgreeWithDistinctCount()
    {
        Column[] columns =
        [
            new Int64Column("a", [1, 2, 3], NullMask.None),
            new Int64Column("b", [1, 2, 1], NullMask.None),
            new TimestampColumn("c", [1_700_000_000_000, 1_700_000_001_000, 1_700_000_000_000], dateOnly: false, NullMask.None),
            new TimestampColumn("d", [1_700_000_001_000, 1_700_000_000_000], dateOnly: false, NullMask.None),
            new DoubleColumn("e", [1.5, 2.5, 1.5], NullMask.None),
            new DoubleColumn("f", [1.5, 2.5], NullMask.None),
        ];

        // Asked before any count (the stopping path), then checked against the counts.
        Assert.Equal([false, true, true, false, true, false], columns.Select(c => c.HasRepeats));
        Assert.All(columns, c => Assert.Equal(c.DistinctCount < c.RowCount - c.Nulls.NullCount, c.HasRepeats));
    }

    [Fact]
    public void Count_Int64EdgeShapes_Exact()
    {
        Assert.Equal(0, DistinctCounter.Count(ReadOnlySpan<long>.Empty, NullMask.None));
        Assert.Equal(1, DistinctCounter.Count([long.MinValue, long.MinValue], NullMask.None));
        Assert.Equal(1, DistinctCounter.Count([7, 7, 7, 7], NullMask.None));
        Assert.Equal(3, DistinctCounter.Count([3, 1, 2, 1, 3], NullMask.None));
        Assert.Equal(5, DistinctCounter.Count([1, 2, 3, 4, 5], NullMask.None));
        Assert.Equal(2, DistinctCounter.Count([0, long.MinValue, 0], NullMask.None));
    }

    [Fact]
    public void Count_FewValuesOverManyRows_MemoryFollowsTheValuesNotTheRows()
    {
        var values = new long[1_000_000];
        for (var row = 0; row < values.Length; row++)
        {
            values[row] = row % 2 == 0 ? 1_700_000_000_000L : 5;
        }
        DistinctCounter.Count(values.AsSpan(0, 10), NullMask.None);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = DistinctCounter.Count(values, NullMask.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2, count);
        Assert.True(allocated < 64 * 1024, $"{allocated:N0} bytes allocated to count 2 values over a million rows");
    }

    [Fact]
    public void Count_MillionDistinctShuffled_Exact()
    {
        var values = new long[1_000_000];
        for (var row = 0; row < values.Length; row++)
        {
            values[row] = row * 1000L;
        }
        new Random(5).Shuffle(values);
        values[17] = values[18];

        Assert.Equal(values.Length - 1, DistinctCounter.Count(values, NullMask.None));
    }
}
