namespace Udc.Tests.Engine.Query;

/// <summary>Sorting every column type, nulls last in both directions, against a LINQ reference.</summary>
public sealed class QueryExecutorSortTests(MixedDataFixture data) : IClassFixture<MixedDataFixture>
{
    private ReferenceTable Items => data.Reference;

    [Theory]
    [InlineData("qty")]
    [InlineData("-qty")]
    [InlineData("price")]
    [InlineData("-price")]
    [InlineData("paid")]
    [InlineData("-paid")]
    [InlineData("region")]
    [InlineData("-region")]
    [InlineData("note")]
    [InlineData("-note")]
    [InlineData("due")]
    [InlineData("-due")]
    [InlineData("day")]
    [InlineData("-day")]
    public void Execute_SortBySingleColumn_NullsLastEitherWay(string sort)
    {
        var descending = sort.StartsWith('-');
        var expected = ReferenceTable.Sort(Items.Rows, (Key(sort.TrimStart('-')), descending));

        var result = QueryRunner.Run(data.Items, $"sort={sort}&stream=true");

        Assert.Equal(expected, result.Rows);
        var column = data.Items.Table.Find(sort.TrimStart('-'))!;
        Assert.All(result.Rows[^column.Nulls.NullCount..], row => Assert.True(column.IsNull(row)));
    }

    [Theory]
    [InlineData("region,-price")]
    [InlineData("-paid,day,-qty")]
    [InlineData("day,region,note")]
    public void Execute_MultiKeySortWithNulls_MatchesReference(string sort)
    {
        var keys = sort.Split(',').Select(k => (Key(k.TrimStart('-')), k.StartsWith('-'))).ToArray();
        var expected = ReferenceTable.Sort(Items.Rows, keys);

        var firstPage = QueryRunner.Run(data.Items, $"sort={sort}&page_size=50");
        var lastPage = QueryRunner.Run(data.Items, $"sort={sort}&page_size=50&page=12");
        var all = QueryRunner.Run(data.Items, $"sort={sort}&stream=true");

        Assert.Equal(expected.Take(50), firstPage.Rows);
        Assert.Equal(expected.Skip(550), lastPage.Rows);
        Assert.Equal(expected, all.Rows);
    }

    [Fact]
    public void Execute_SortWithFilter_OnlyMatchesInOrder()
    {
        var expected = ReferenceTable.Sort(Items.Rows.Where(r => Items.Bool(r, "paid") == true), (Key("price"), true));

        var result = QueryRunner.Run(data.Items, "paid=true&sort=-price&page=2&page_size=20");

        Assert.Equal(expected.Skip(20).Take(20), result.Rows);
    }

    [Fact]
    public void Execute_DefaultSort_TimeColumnNewestFirstNullsLast()
    {
        var expected = ReferenceTable.Sort(Items.Rows, (Key("due"), true));

        var result = QueryRunner.Run(data.Items, "stream=true");

        Assert.Equal("due", data.Items.TimeColumn?.Name);
        Assert.Equal(expected, result.Rows);
    }

    [Fact]
    public void Execute_SortPlusPrefix_Ascending()
    {
        var result = QueryRunner.Run(data.Items, "sort=%2Bqty&stream=true");

        Assert.Equal(ReferenceTable.Sort(Items.Rows, (Key("qty"), false)), result.Rows);
    }

    private Func<int, object?> Key(string column) => column switch
    {
        "qty" or "item_id" => r => Items.Int(r, column),
        "price" => r => Items.Num(r, column),
        "paid" => r => Items.Bool(r, column),
        "due" or "day" => r => Items.Time(r, column),
        _ => r => Items.Str(r, column),
    };
}
