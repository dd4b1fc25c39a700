using Udc.Engine.Snapshots;

namespace Udc.Tests.Engine.Snapshots;

/// <summary>Mapping an array's pages ahead of a read leaves every byte it holds as it was, at any alignment.</summary>
public sealed class FreshPagesTests
{
    [Theory]
    [InlineData(0, 3 * 1024 * 1024)]
    [InlineData(13, 1024 * 1024 + 77)]
    [InlineData(4095, 9000)]
    [InlineData(100, 10)]
    public void Populate_AnyRange_ContentsUnchanged(int start, int length)
    {
        var array = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(array);
        var before = (byte[])array.Clone();

        FreshPages.Populate(array.AsSpan(start, length));

        Assert.Equal(before, array);
    }

    [Fact]
    public void Populate_FreshUninitializedArray_WritableAfterwards()
    {
        var array = GC.AllocateUninitializedArray<long>(1 << 20);

        FreshPages.Populate(System.Runtime.InteropServices.MemoryMarshal.AsBytes(array.AsSpan()));
        array.AsSpan().Fill(-3);

        Assert.All(array, value => Assert.Equal(-3, value));
    }

    [Theory]
    [InlineData(0, 8 * 1024 * 1024)]
    [InlineData(13, 5 * 1024 * 1024 + 77)]
    [InlineData(4095, 9000)]
    public void PreferHugePages_AnyRange_ContentsUnchanged(int start, int length)
    {
        var array = new byte[8 * 1024 * 1024 + 4096];
        new Random(7).NextBytes(array);
        var before = (byte[])array.Clone();

        FreshPages.PreferHugePages(array.AsSpan(start, length));

        Assert.Equal(before, array);
    }

    [Fact]
    public void PreferHugePages_FreshArrayThenPopulated_BackedByHugePages()
    {
        var mode = File.Exists(TransparentHugePages) ? File.ReadAllText(TransparentHugePages) : "[never]";
        if (mode.Contains("[never]", StringComparison.Ordinal))
        {
            Assert.Skip($"transparent huge pages are off here ({TransparentHugePages}: {mode.Trim()})");
        }
        // Pinned, so the address read from /proc stays the array's.
        var array = GC.AllocateUninitializedArray<byte>(16 * 1024 * 1024, pinned: true);

        FreshPages.PreferHugePages(array);
        FreshPages.Populate(array);

        var start = (ulong)System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var aligned = (start + HugePage - 1) & ~(HugePage - 1);
        var kilobytes = AnonHugePagesKilobytes(aligned);
        Assert.True(kilobytes >= (long)(HugePage / 1024), $"the mapping at 0x{aligned:x} holds {kilobytes} kB of huge pages");
        array.AsSpan().Fill(9);
        Assert.All(array, b => Assert.Equal(9, b));
    }

    private const string TransparentHugePages = "/sys/kernel/mm/transparent_hugepage/enabled";
    private const ulong HugePage = 2 * 1024 * 1024;

    /// <summary>The <c>AnonHugePages</c> of the mapping in <c>/proc/self/smaps</c> that holds <paramref name="address"/>.</summary>
    private static long AnonHugePagesKilobytes(ulong address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-');
            var space = line.IndexOf(' ');
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out var from)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.HexNumber, null, out var to))
            {
                inside = address >= from && address < to;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(14).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
