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
}
