using Udc.Engine.Columns;

namespace Udc.Tests.Engine.Loading;

public sealed class JsonTableReaderTypeTests
{
    [Fact]
    public void Read_WholeNumbers_Int64Column()
    {
        var table = TableReading.Json("""[{"n": 1}, {"n": -42}, {"n": 9007199254740993}]""");

        var column = Assert.IsType<Int64Column>(table.Column("n"));
        Assert.Equal([1L, -42L, 9007199254740993L], column.Values.ToArray());
        Assert.False(column.Nulls.HasNulls);
    }

    [Fact]
    public void Read_IntegersAndFractions_DoubleColumn()
    {
        var table = TableReading.Json("""[{"x": 1}, {"x": 2.5}, {"x": -0.125}, {"x": 1e3}]""");

        var column = Assert.IsType<DoubleColumn>(table.Column("x"));
        Assert.Equal([1d, 2.5d, -0.125d, 1000d], column.Values.ToArray());
        Assert.Equal("2.5", column.ValueJson(1));
    }

    [Fact]
    public void Read_TrueAndFalse_BooleanColumn()
    {
        var table = TableReading.Json("""[{"b": true}, {"b": false}, {"b": null}]""");

        var column = Assert.IsType<BooleanColumn>(table.Column("b"));
        Assert.True(column[0]);
        Assert.False(column[1]);
        Assert.True(column.IsNull(2));
        Assert.Equal(["true", "false", "null"], [column.ValueJson(0), column.ValueJson(1), column.ValueJson(2)]);
    }

    [Fact]
    public void Read_BareDates_TimestampColumnFlaggedDateOnly()
    {
        var table = TableReading.Json("""[{"d": "2024-03-15"}, {"d": "2024-02-29"}]""");

        var column = Assert.IsType<TimestampColumn>(table.Column("d"));
        Assert.True(column.DateOnly);
        Assert.Equal(new DateTimeOffset(2024, 3, 15, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), column[0]);
        Assert.Equal("\"2024-03-15\"", column.ValueJson(0));
        Assert.Equal("2024-02-29", column.FormatText(1));
    }

    [Fact]
    public void Read_InstantsWithOffsets_TimestampColumnInUtc()
    {
        var table = TableReading.Json("""[{"t": "2024-03-15T10:30:00Z"}, {"t": "2024-03-15T12:30:00.250+02:00"}, {"t": "2024-03-15"}]""");

        var column = Assert.IsType<TimestampColumn>(table.Column("t"));
        Assert.False(column.DateOnly);
        Assert.Equal("\"2024-03-15T10:30:00Z\"", column.ValueJson(0));
        Assert.Equal("\"2024-03-15T10:30:00.250Z\"", column.ValueJson(1));
        Assert.Equal("\"2024-03-15T00:00:00Z\"", column.ValueJson(2));
    }

    [Fact]
    public void Read_InstantJustBeforeYearOne_LoadedValueCanBeWritten()
    {
        // 0001-01-01T00:00:00+01:00 is an hour before DateTime.MinValue: either refuse it as a timestamp or write it.
        var table = TableReading.Json("""[{"t": "0001-01-01T00:00:00+01:00"}, {"t": "2024-03-15T00:00:00Z"}]""");

        var column = table.Column("t");
        var exception = Record.Exception(() => column.ValueJson(0));

        Assert.Null(exception);
    }

    [Fact]
    public void Read_PlainText_StringColumn()
    {
        var table = TableReading.Json("""[{"s": "alpha"}, {"s": "beta"}, {"s": ""}]""");

        var column = Assert.IsAssignableFrom<StringColumn>(table.Column("s"));
        Assert.Equal(["alpha", "beta", ""], column.Texts());
        Assert.False(column.IsNull(2));
    }

    [Fact]
    public void Read_MixedNumberStringNumber_StringColumnKeepsOriginalText()
    {
        var table = TableReading.Json("""[{"v": 1}, {"v": "a"}, {"v": 2.50}, {"v": true}, {"v": null}]""");

        var column = Assert.IsAssignableFrom<StringColumn>(table.Column("v"));
        Assert.Equal(["1", "a", "2.50", "true", null], column.Texts());
        Assert.Equal("\"2.50\"", column.ValueJson(2));
        Assert.Equal("null", column.ValueJson(4));
    }

    [Fact]
    public void Read_MixedDateAndText_StringColumn()
    {
        var table = TableReading.Json("""[{"d": "2024-03-15"}, {"d": "soon"}]""");

        var column = Assert.IsAssignableFrom<StringColumn>(table.Column("d"));
        Assert.Equal(["2024-03-15", "soon"], column.Texts());
    }

    [Fact]
    public void Read_NullsAndMissingKeys_NullRows()
    {
        var table = TableReading.Json("""[{"a": 1, "b": "x"}, {"a": null}, {"b": "y"}, {}]""");

        Assert.Equal(4, table.RowCount);
        var a = Assert.IsType<Int64Column>(table.Column("a"));
        var b = Assert.IsAssignableFrom<StringColumn>(table.Column("b"));
        Assert.Equal([false, true, true, true], Enumerable.Range(0, 4).Select(a.IsNull));
        Assert.Equal(["x", null, "y", null], b.Texts());
        Assert.Equal(3, a.Nulls.NullCount);
        Assert.Equal("null", a.ValueJson(3));
    }

    [Fact]
    public void Read_KeyFirstSeenLate_EarlierRowsNull()
    {
        var records = string.Join(",", Enumerable.Range(0, 100).Select(i => i == 99 ? """{"a": 1, "late": 7}""" : """{"a": 1}"""));
        var table = TableReading.Json($"[{records}]");

        var late = table.Column("late");
        Assert.Equal(100, late.RowCount);
        Assert.Equal(99, late.Nulls.NullCount);
        Assert.Equal("7", late.ValueJson(99));
    }

    [Fact]
    public void Read_NumericIdsWrittenAsStrings_StayStrings()
    {
        var table = TableReading.Json("""[{"id": "1001"}, {"id": "1002"}, {"id": "00042"}]""");

        var column = Assert.IsAssignableFrom<StringColumn>(table.Column("id"));
        Assert.Equal("\"1001\"", column.ValueJson(0));
        Assert.Equal("\"00042\"", column.ValueJson(2));
    }

    [Fact]
    public void Read_StringsTrueFalse_StayStrings()
    {
        var table = TableReading.Json("""[{"flag": "true"}, {"flag": "false"}]""");

        Assert.IsAssignableFrom<StringColumn>(table.Column("flag"));
    }

    [Fact]
    public void Read_AllNullColumn_StringColumnOfNulls()
    {
        var table = TableReading.Json("""[{"a": 1, "n": null}, {"a": 2, "n": null}]""");

        var column = table.Column("n");
        Assert.Equal(2, column.Nulls.NullCount);
        Assert.Equal("null", column.ValueJson(1));
    }

    [Fact]
    public void Read_SameKeyTwiceWithDifferentTypes_LastValueDecidesType()
    {
        // The first "n" of each record is overwritten, so only the numbers remain and the column is numeric.
        var table = TableReading.Json("""[{"n": "draft", "n": 1}, {"n": 2}]""");

        var column = Assert.IsType<Int64Column>(table.Column("n"));
        Assert.Equal([1L, 2L], column.Values.ToArray());
    }

    [Fact]
    public void Read_FewDistinctValues_DictionaryEncoded()
    {
        var records = string.Join(",", Enumerable.Range(0, 200).Select(i => $$"""{"status": "{{(i % 3 == 0 ? "open" : i % 3 == 1 ? "closed" : "pending")}}"}"""));
        var table = TableReading.Json($"[{records}]");

        var column = Assert.IsType<DictionaryStringColumn>(table.Column("status"));
        Assert.Equal(["open", "closed", "pending"], column.Entries);
        Assert.Equal(3, column.DistinctCount);
        Assert.Equal([0, 1, 2, 0], column.Codes[..4].ToArray());
        Assert.Equal("pending", column.FormatText(197));
    }

    [Fact]
    public void Read_MostlyDistinctValues_PlainEncoded()
    {
        var records = string.Join(",", Enumerable.Range(0, 200).Select(i => $$"""{"subject": "Order {{i}} delayed"}"""));
        var table = TableReading.Json($"[{records}]");

        var column = Assert.IsType<PlainStringColumn>(table.Column("subject"));
        Assert.Equal(200, column.DistinctCount);
        Assert.Equal("Order 137 delayed", column.FormatText(137));
    }

    [Fact]
    public void Read_DictionaryWithNulls_NullRowsHaveNullCode()
    {
        var table = TableReading.Json("""[{"s": "a"}, {"s": null}, {"s": "a"}, {"s": "b"}, {"s": "a"}, {"s": "b"}]""");

        var column = Assert.IsType<DictionaryStringColumn>(table.Column("s"));
        Assert.Equal(DictionaryStringColumn.NullCode, column.Codes[1]);
        Assert.Equal(2, column.DistinctCount);
        Assert.Equal("null", column.ValueJson(1));
    }

    [Fact]
    public void Read_PlainColumnWithNullAndEmptyString_DistinctCountsEmptyString()
    {
        // 12 rows, 11 distinct non-null values ("" and x0..x9): too many for a dictionary, so plain.
        var values = new List<string> { "null", "\"\"" };
        values.AddRange(Enumerable.Range(0, 10).Select(i => $"\"x{i}\""));
        var table = TableReading.Json("[" + string.Join(",", values.Select(v => $$"""{"s": {{v}}}""")) + "]");

        var column = Assert.IsType<PlainStringColumn>(table.Column("s"));
        Assert.Equal(11, column.DistinctCount);
    }

    [Fact]
    public void Read_ColumnsInFirstSeenOrder_TableColumnsKeepOrder()
    {
        var table = TableReading.Json("""[{"b": 1, "a": 2}, {"c": 3, "a": 4}]""");

        Assert.Equal(["b", "a", "c"], table.Columns.Select(c => c.Name));
        Assert.Equal(2, table.RowCount);
        Assert.False(table.IsNested);
    }
}
