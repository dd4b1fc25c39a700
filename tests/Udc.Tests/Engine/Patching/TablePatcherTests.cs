using System.Text;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Loading;
using Udc.Engine.Patching;

namespace Udc.Tests.Engine.Patching;

public sealed class TablePatcherTests
{
    private static readonly Table s_table = JsonTableReader.Read(Encoding.UTF8.GetBytes("""
        [
          {"id": 1, "name": "Ada", "score": 1.5, "active": true, "seen": "2024-03-01T10:00:00Z", "day": "2024-03-01"},
          {"id": 2, "name": "Bo", "score": 2.25, "active": false, "seen": "2024-03-02T11:30:00.250Z", "day": "2024-03-02"},
          {"id": 3, "name": "Cy", "score": null, "active": true, "seen": null, "day": "2024-03-03"}
        ]
        """), "people.json");

    private static RecordChange Upsert(string json) => new(RecordChangeKind.Upsert, Encoding.UTF8.GetBytes(json));

    private static RecordChange Delete(string json) => new(RecordChangeKind.Delete, Encoding.UTF8.GetBytes(json));

    private static PatchedTable Apply(params RecordChange[] changes) => TablePatcher.Apply(s_table, s_table.Find("id")!, changes, "people.json");

    private static string? Text(Table table, string column, int row) => table.Find(column)!.FormatText(row);

    [Fact]
    public void Apply_UpsertExistingId_ReplacesRecordInPlaceAndKeepsTypes()
    {
        var patched = Apply(Upsert("""{"id": 2, "name": "Bea", "score": 9.75, "active": true, "seen": "2024-04-01T00:00:00Z", "day": "2024-04-01"}"""));
        var table = patched.Table;
        Assert.Equal((1, 0), (patched.Upserted, patched.Deleted));
        Assert.Equal(3, table.RowCount);
        Assert.Equal("Bea", Text(table, "name", 1));
        Assert.Equal(ColumnType.Double, table.Find("score")!.Type);
        Assert.Equal(ColumnType.Boolean, table.Find("active")!.Type);
        Assert.Equal(ColumnType.Timestamp, table.Find("seen")!.Type);
        Assert.True(((TimestampColumn)table.Find("day")!).DateOnly);
        Assert.Equal("2024-03-01", Text(table, "day", 0));
    }

    [Fact]
    public void Apply_UnchangedRows_RoundTripExactly()
    {
        var table = Apply(Upsert("""{"id": 99, "name": "Zed"}""")).Table;
        for (var row = 0; row < 3; row++)
        {
            foreach (var column in s_table.Columns)
            {
                Assert.Equal(column.FormatText(row), table.Find(column.Name)!.FormatText(row));
            }
        }
        Assert.Equal(ColumnType.Int64, table.Find("id")!.Type);
    }

    [Fact]
    public void Apply_UpsertNewId_AppendsRowWithMissingFieldsNull()
    {
        var table = Apply(Upsert("""{"id": 4, "name": "Di"}""")).Table;
        Assert.Equal(4, table.RowCount);
        Assert.Equal("Di", Text(table, "name", 3));
        Assert.Null(Text(table, "score", 3));
    }

    [Fact]
    public void Apply_Delete_RemovesRecord()
    {
        var patched = Apply(Delete("""{"id": 1}"""));
        Assert.Equal((0, 1), (patched.Upserted, patched.Deleted));
        Assert.Equal(["2", "3"], Enumerable.Range(0, 2).Select(r => Text(patched.Table, "id", r)));
    }

    [Fact]
    public void Apply_SameIdTwice_LastChangeWins()
    {
        Assert.Equal(3, Apply(Upsert("""{"id": 5}"""), Delete("""{"id": 5}""")).Table.RowCount);
        var table = Apply(Delete("""{"id": 2}"""), Upsert("""{"id": 2, "name": "Back"}""")).Table;
        Assert.Equal("Back", Text(table, "name", 1));
    }

    [Fact]
    public void Apply_NewColumnAndNestedObject_AddsColumnsLikeALoad()
    {
        var table = Apply(Upsert("""{"id": 3, "tier": "gold", "address": {"city": "Oslo"}}""")).Table;
        Assert.Equal("gold", Text(table, "tier", 2));
        Assert.Equal("Oslo", Text(table, "address.city", 2));
        Assert.Null(Text(table, "tier", 0));
        Assert.True(table.IsNested);
    }

    [Fact]
    public void Apply_ValueOfAnotherType_ColumnBecomesStringKeepingText()
    {
        var table = Apply(Upsert("""{"id": 3, "score": "n/a"}""")).Table;
        Assert.Equal(ColumnType.String, table.Find("score")!.Type);
        Assert.Equal("1.5", Text(table, "score", 0));
        Assert.Equal("n/a", Text(table, "score", 2));
    }

    [Fact]
    public void Apply_TextIds_ReplaceTheRowWithTheSameIdOnly()
    {
        var table = JsonTableReader.Read(Encoding.UTF8.GetBytes("""
            [{"sku": "A-1", "qty": 1}, {"sku": "Ünïcode-ü", "qty": 2}, {"sku": "A-10", "qty": 3}, {"sku": "a-1", "qty": 4}]
            """), "stock.json");

        var patched = TablePatcher.Apply(table, table.Find("sku")!, [Upsert("""{"sku": "Ünïcode-ü", "qty": 20}"""), Upsert("""{"sku": "A-1", "qty": 10}""")], "stock.json");

        Assert.Equal((2, 4), (patched.Upserted, patched.Table.RowCount));
        Assert.Equal(["10", "20", "3", "4"], Enumerable.Range(0, 4).Select(r => Text(patched.Table, "qty", r)));
    }

    [Fact]
    public void Apply_RecordWithoutId_Throws()
    {
        Assert.Throws<SourcePatchException>(() => Apply(Upsert("""{"name": "nobody"}""")));
        Assert.Throws<SourcePatchException>(() => Apply(Upsert("""[1, 2]""")));
    }

    [Fact]
    public void Apply_RepeatedApplication_IsIdempotent()
    {
        var change = Upsert("""{"id": 7, "name": "Once"}""");
        var once = TablePatcher.Apply(s_table, s_table.Find("id")!, [change], "people.json").Table;
        var twice = TablePatcher.Apply(once, once.Find("id")!, [change], "people.json").Table;
        Assert.Equal(once.RowCount, twice.RowCount);
        Assert.Equal(Text(once, "name", 3), Text(twice, "name", 3));
    }
}
