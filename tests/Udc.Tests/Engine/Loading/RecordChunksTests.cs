using System.Text;
using Udc.Engine.Loading;

namespace Udc.Tests.Engine.Loading;

public sealed class RecordChunksTests
{
    [Fact]
    public void JsonArray_Objects_CutsBeforeEachChosenObjectAfterItsComma()
    {
        var json = Encoding.UTF8.GetBytes("[\n" + string.Join(",\n", Enumerable.Range(0, 100).Select(i => $"{{\"id\": {i}}}")) + "\n]\n");

        var cuts = RecordChunks.JsonArray(json, 4)!;

        Assert.Equal(5, cuts.Length);
        Assert.Equal(1, cuts[0]);
        Assert.Equal(json.AsSpan().LastIndexOf((byte)']'), cuts[^1]);
        foreach (var cut in cuts[1..^1])
        {
            Assert.Equal((byte)'{', json[cut]);
            Assert.Equal((byte)'\n', json[cut - 1]);
            Assert.Equal((byte)',', json[cut - 2]);
        }
    }

    [Theory]
    [InlineData("{\"a\": 1}")]
    [InlineData("// a comment\n[{\"a\": 1}]")]
    [InlineData("[{\"a\": 1}] trailing")]
    public void JsonArray_NotABareArray_Null(string json)
    {
        Assert.Null(RecordChunks.JsonArray(Encoding.UTF8.GetBytes(json), 4));
    }

    [Fact]
    public void JsonArray_BraceCommaBraceInsideStrings_CutsOnlyAtLineEnds()
    {
        var json = Encoding.UTF8.GetBytes("[\n" + string.Join(",\n", Enumerable.Range(0, 100).Select(i => $"{{\"t\": \"}}, {{\", \"u\": \"}},{{\"}}")) + "\n]");

        var cuts = RecordChunks.JsonArray(json, 4)!;

        Assert.Equal(5, cuts.Length);
        Assert.All(cuts[1..^1], cut => Assert.Equal((byte)'\n', json[cut - 1]));
    }

    [Fact]
    public void JsonArray_Minified_CutsAtBraceCommaBrace()
    {
        var json = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 100).Select(i => $"{{\"id\":{i}}}")) + "]");

        var cuts = RecordChunks.JsonArray(json, 4)!;

        Assert.Equal(5, cuts.Length);
        Assert.All(cuts[1..^1], cut => Assert.Equal("},{"u8.ToArray(), json[(cut - 2)..(cut + 1)]));
    }

    [Fact]
    public void JsonLines_Objects_CutsAtLineStarts()
    {
        var json = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 100).Select(i => $"{{\"id\": {i}}}\n")));

        var cuts = RecordChunks.JsonLines(json, 4)!;

        Assert.Equal(5, cuts.Length);
        Assert.All(cuts[1..^1], cut => Assert.Equal((byte)'\n', json[cut - 1]));
    }

    [Fact]
    public void Csv_NoLineEndOutsideQuotes_OneChunk()
    {
        var csv = Encoding.UTF8.GetBytes("a,b\n\"" + new string('x', 1000) + "\n" + new string('y', 1000) + "\",1\n");

        var cuts = RecordChunks.Csv(csv, 8);

        Assert.Equal([0, csv.Length], cuts);
    }
}
