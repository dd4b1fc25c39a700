using Udc.Engine.Quality;

namespace Udc.Tests.Engine.Quality;

/// <summary>Selection against a sort: random values with many repeats, sorted, reversed, all equal, every place from first to last.</summary>
public sealed class SelectionTests
{
    public static TheoryData<string> Shapes => ["random", "repeats", "sorted", "reversed", "equal", "two"];

    private static double[] Values(string shape)
    {
        var random = new Random(11);
        return shape switch
        {
            "random" => [.. Enumerable.Range(0, 1_001).Select(_ => random.NextDouble() * 200 - 100)],
            "repeats" => [.. Enumerable.Range(0, 997).Select(_ => (double)random.Next(5))],
            "sorted" => [.. Enumerable.Range(0, 500).Select(i => (double)i)],
            "reversed" => [.. Enumerable.Range(0, 500).Select(i => (double)-i)],
            "equal" => [.. Enumerable.Repeat(3.5, 300)],
            _ => [2.0, 1.0],
        };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Select_EveryPlace_TheValueASortPutsThere(string shape)
    {
        var values = Values(shape);
        var sorted = values.Order().ToArray();
        for (var k = 0; k < values.Length; k += Math.Max(1, values.Length / 97))
        {
            var scratch = values.ToArray();

            var selected = Selection.Select(scratch, k);

            Assert.Equal(sorted[k], selected);
            Assert.All(scratch[..k], v => Assert.True(v <= selected));
            Assert.All(scratch[(k + 1)..], v => Assert.True(v >= selected));
            Assert.Equal(sorted, scratch.Order());
        }
    }

    [Fact]
    public void Select_PlaceOutsideTheValues_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select(new double[3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Select(new double[3], -1));
    }
}
