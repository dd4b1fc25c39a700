using Udc.Engine.Columns;
using Udc.Engine.Loading;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Loading;

public sealed class TableLoaderTests : IDisposable
{
    private readonly TempDataDirectory _dir = new("udc-loading-");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("a.json", "Json")]
    [InlineData("a.JSON", "Json")]
    [InlineData("a.ndjson", "NdJson")]
    [InlineData("a.jsonl", "NdJson")]
    [InlineData("a.csv", "Csv")]
    public void FromPath_DataExtension_Format(string fileName, string expected)
    {
        Assert.Equal(Enum.Parse<SourceFormat>(expected), SourceFormats.FromPath(fileName));
    }

    [Theory]
    [InlineData("a.txt")]
    [InlineData("a.json.partial")]
    [InlineData("README")]
    public void FromPath_OtherExtension_Null(string fileName)
    {
        Assert.Null(SourceFormats.FromPath(fileName));
    }

    [Fact]
    public void Load_NdJsonFile_OneRecordPerLine()
    {
        var path = _dir.Write("events.ndjson", "{\"id\": 1, \"kind\": \"click\"}\n{\"id\": 2, \"kind\": \"view\"}\n");

        var table = TableLoader.Load(path, SourceFormat.NdJson);

        Assert.Equal(2, table.RowCount);
        Assert.Equal(["click", "view"], table.Column("kind").Texts());
    }

    [Fact]
    public void Load_SingleLineNdJsonWithArrayOfObjects_OneRecordNotUnwrapped()
    {
        // In NDJSON every line is a record by definition; only a .json object may be a wrapper around the table.
        var path = _dir.Write("order.ndjson", "{\"order_id\": 1, \"lines\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}]}\n");

        var table = TableLoader.Load(path, SourceFormat.NdJson);

        Assert.Equal(1, table.RowCount);
        Assert.Equal("1", table.Column("order_id").FormatText(0));
    }

    [Fact]
    public void Load_CsvFile_ReadAsCsv()
    {
        var path = _dir.Write("orders.csv", "order_id,total\n1,9.5\n2,12\n");

        var table = TableLoader.Load(path, SourceFormat.Csv);

        Assert.IsType<DoubleColumn>(table.Column("total"));
    }

    [Fact]
    public void Load_MissingFile_SourceLoadExceptionWithFileName()
    {
        var error = Assert.Throws<SourceLoadException>(() => TableLoader.Load(_dir.PathOf("gone.json"), SourceFormat.Json));

        Assert.Equal("gone.json", error.FileName);
        Assert.StartsWith("gone.json: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenJsonFile_ExceptionNamesFileNotPath()
    {
        var path = _dir.Write("broken.json", "[{\"a\": 1},\n{\"a\": }]");

        var error = Assert.Throws<SourceLoadException>(() => TableLoader.Load(path, SourceFormat.Json));

        Assert.Equal("broken.json", error.FileName);
        Assert.Equal(2, error.Line);
        Assert.DoesNotContain(_dir.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZeroByteFile_RefusedAsMidWrite()
    {
        var path = _dir.Write("empty.json", "");

        var error = Assert.Throws<SourceLoadException>(() => TableLoader.Load(path, SourceFormat.Json));

        Assert.Contains("empty (0 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManyRows_AllTypesKeptAcrossGrowth()
    {
        // 10,000 rows make every builder array grow many times over.
        var lines = Enumerable.Range(0, 10_000).Select(i => $$"""{"id": {{i}}, "score": {{i * 0.5}}, "even": {{(i % 2 == 0 ? "true" : "false")}}, "label": "row {{i}}", "status": "{{(i % 4 == 0 ? "a" : "b")}}"}""");
        var path = _dir.Write("big.ndjson", string.Join('\n', lines));

        var table = TableLoader.Load(path, SourceFormat.NdJson);

        Assert.Equal(10_000, table.RowCount);
        Assert.Equal(9_999, Assert.IsType<Int64Column>(table.Column("id"))[9_999]);
        Assert.Equal(4_999.5, Assert.IsType<DoubleColumn>(table.Column("score"))[9_999]);
        Assert.False(Assert.IsType<BooleanColumn>(table.Column("even"))[9_999]);
        Assert.Equal("row 9999", Assert.IsType<PlainStringColumn>(table.Column("label")).FormatText(9_999));
        Assert.Equal("b", Assert.IsType<DictionaryStringColumn>(table.Column("status")).FormatText(9_999));
    }
}
