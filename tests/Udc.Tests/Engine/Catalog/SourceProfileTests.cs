using System.Text;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Tests.Engine.Loading;

namespace Udc.Tests.Engine.Catalog;

public sealed class SourceProfileTests
{
    [Fact]
    public void Build_TextColumns_ListedOnlyWhenFewAndCountedExactly()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => $$"""{"status": "{{(i % 3 == 0 ? "open" : i % 3 == 1 ? "closed" : "pending")}}", "note": "note {{i % 400}}", "flag": {{(i % 2 == 0 ? "true" : "false")}}}""");
        var table = TableReading.Json("[" + string.Join(",", rows) + "]");

        var profile = SourceProfile.Build(table);

        var status = profile.Columns.Single(p => p.Column.Name == "status");
        var note = profile.Columns.Single(p => p.Column.Name == "note");
        var flag = profile.Columns.Single(p => p.Column.Name == "flag");
        Assert.Equal(["closed", "open", "pending"], status.Values);
        Assert.Equal(3, status.DistinctCount);
        Assert.Null(note.Values);
        Assert.Equal(400, note.DistinctCount);
        Assert.Equal(["false", "true"], flag.Values);
        Assert.Equal(2, flag.DistinctCount);
    }

    [Theory]
    [InlineData(25, true)]
    [InlineData(26, false)]
    public void Build_PlainTextColumn_ListsUpToTheLimitAndNoMore(int distinct, bool listed)
    {
        var texts = Enumerable.Range(0, 200).Select(i => $"v{i % distinct:D2}").ToArray();
        var blob = Encoding.UTF8.GetBytes(string.Concat(texts));
        var offsets = new int[texts.Length + 1];
        for (var i = 0; i < texts.Length; i++)
        {
            offsets[i + 1] = offsets[i] + texts[i].Length;
        }
        var table = new Table([new PlainStringColumn("code", blob, offsets, NullMask.None)], texts.Length, isNested: false);

        var column = SourceProfile.Build(table).Columns.Single();

        Assert.Equal(listed, column.Values is not null);
        Assert.Equal(listed ? texts.Distinct().Order(StringComparer.Ordinal) : null, column.Values);
        Assert.Equal(distinct, column.DistinctCount);
    }

    [Fact]
    public void ColumnProfile_CountGivenByADatabase_WinsOverTheColumnsOwn()
    {
        var column = new Int64Column("id", [], NullMask.None);

        var profile = new ColumnProfile(column, 0, 5_000, null, "1", "5000");

        Assert.Equal(5_000, profile.DistinctCount);
        Assert.Equal(0, profile with { CountedDistinct = null } is { DistinctCount: var own } ? own : -1);
    }
}
