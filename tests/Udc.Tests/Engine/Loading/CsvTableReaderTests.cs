using System.Text;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Tests.Engine.Loading;

public sealed class CsvTableReaderTests
{
    [Fact]
    public void Read_HeaderAndRows_ColumnsNamedByHeader()
    {
        var table = TableReading.Csv("id,name,city\n1,Ann,Paris\n2,Bob,Oslo\n");

        Assert.Equal(["id", "name", "city"], table.Columns.Select(c => c.Name));
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["Ann", "Bob"], table.Column("name").Texts());
    }

    [Fact]
    public void Read_QuotedFields_CommasNewlinesAndEscapedQuotesKept()
    {
        var table = TableReading.Csv("id,note\r\n1,\"a, b\"\r\n2,\"line one\nline two\"\r\n3,\"she said \"\"hi\"\"\"\r\n");

        Assert.Equal(3, table.RowCount);
        Assert.Equal(["a, b", "line one\nline two", "she said \"hi\""], table.Column("note").Texts());
    }

    [Fact]
    public void Read_EmptyField_Null()
    {
        var table = TableReading.Csv("id,score,name\n1,,Ann\n2,5,\n3,\"\",Cy\n");

        var score = Assert.IsType<Int64Column>(table.Column("score"));
        Assert.True(score.IsNull(0));
        Assert.Equal(5, score[1]);
        Assert.True(score.IsNull(2));
        Assert.Equal(["Ann", null, "Cy"], table.Column("name").Texts());
    }

    [Fact]
    public void Read_NumbersDatesAndBooleans_Inferred()
    {
        var table = TableReading.Csv("""
            count,price,active,day,at
            1,9.99,true,2024-03-15,2024-03-15T10:30:00Z
            -2,10,FALSE,2024-03-16,2024-03-16 08:00:00+01:00
            """);

        Assert.IsType<Int64Column>(table.Column("count"));
        var price = Assert.IsType<DoubleColumn>(table.Column("price"));
        Assert.Equal([9.99, 10d], price.Values.ToArray());
        var active = Assert.IsType<BooleanColumn>(table.Column("active"));
        Assert.Equal([true, false], active.Values.ToArray());
        Assert.True(Assert.IsType<TimestampColumn>(table.Column("day")).DateOnly);
        var at = Assert.IsType<TimestampColumn>(table.Column("at"));
        Assert.False(at.DateOnly);
        Assert.Equal("2024-03-16T07:00:00Z", at.FormatText(1));
    }

    [Fact]
    public void Read_LeadingZeroCodes_StayStrings()
    {
        var table = TableReading.Csv("zip,code\n02134,007\n10001,0.5x\n");

        var zip = Assert.IsAssignableFrom<StringColumn>(table.Column("zip"));
        Assert.Equal(["02134", "10001"], zip.Texts());
        Assert.Equal("\"02134\"", zip.ValueJson(0));
        Assert.IsAssignableFrom<StringColumn>(table.Column("code"));
    }

    [Fact]
    public void Read_SingleZeroAndDecimalBelowOne_StayNumbers()
    {
        var table = TableReading.Csv("n,x\n0,0.5\n10,-0.25\n");

        Assert.IsType<Int64Column>(table.Column("n"));
        Assert.IsType<DoubleColumn>(table.Column("x"));
    }

    [Fact]
    public void Read_PhoneNumbersWithPlus_StayStringsWithPlus()
    {
        // "+14155550100" is a phone number, not the integer 14155550100; the double path already refuses a '+'.
        var table = TableReading.Csv("phone\n+14155550100\n+442071838750\n");

        var phone = Assert.IsAssignableFrom<StringColumn>(table.Column("phone"));
        Assert.Equal(["+14155550100", "+442071838750"], phone.Texts());
    }

    [Fact]
    public void Read_MixedColumn_StringKeepsEachFieldText()
    {
        var table = TableReading.Csv("v\n1\nabc\n2.50\n");

        Assert.Equal(["1", "abc", "2.50"], table.Column("v").Texts());
    }

    [Fact]
    public void Read_DuplicateHeaders_SecondGetsSuffix()
    {
        var table = TableReading.Csv("name,name,name\na,b,c\n");

        Assert.Equal(["name", "name_2", "name_3"], table.Columns.Select(c => c.Name));
        Assert.Equal("b", table.Column("name_2").FormatText(0));
    }

    [Fact]
    public void Read_EmptyHeader_NamedByPosition()
    {
        var table = TableReading.Csv("id,,x\n1,2,3\n");

        Assert.Equal(["id", "column_2", "x"], table.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Read_RowWithExtraFields_ExtraColumnsNamedByPosition()
    {
        var table = TableReading.Csv("a,b\n1,2\n3,4,5,6\n");

        Assert.Equal(["a", "b", "column_3", "column_4"], table.Columns.Select(c => c.Name));
        Assert.True(table.Column("column_3").IsNull(0));
        Assert.Equal("5", table.Column("column_3").FormatText(1));
        Assert.Equal("6", table.Column("column_4").FormatText(1));
    }

    [Fact]
    public void Read_ExtraFieldNameTakenByHeader_BothValuesKept()
    {
        var table = TableReading.Csv("a,column_3\n1,x\n2,y,extra\n");

        Assert.Equal(3, table.Columns.Count);
        Assert.Equal(["x", "y"], table.Column("column_3").Texts());
        Assert.Contains(table.Columns, c => c.FormatText(1) == "extra");
    }

    [Fact]
    public void Read_RowWithMissingFields_MissingAreNull()
    {
        var table = TableReading.Csv("a,b,c\n1,2,3\n4\n");

        Assert.Equal(2, table.RowCount);
        Assert.True(table.Column("b").IsNull(1));
        Assert.True(table.Column("c").IsNull(1));
    }

    [Fact]
    public void Read_HeaderOnly_ColumnsKeptWithNoRows()
    {
        var table = TableReading.Csv("id,name,created_at\n");

        Assert.Equal(0, table.RowCount);
        Assert.Equal(["id", "name", "created_at"], table.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Read_EmptyFile_NoRowsNoColumns()
    {
        var table = TableReading.Csv("");

        Assert.Equal(0, table.RowCount);
        Assert.Empty(table.Columns);
    }

    [Fact]
    public void Read_ByteOrderMark_FirstHeaderClean()
    {
        var bytes = (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("id,name\n1,Ann\n")];

        var table = CsvTableReader.Read(bytes, "excel.csv");

        Assert.Equal("id", table.Columns[0].Name);
    }

    [Fact]
    public void Read_MalformedQuoting_SourceLoadExceptionWithLine()
    {
        var csv = "id,note\n1,fine\n2,\"unterminated\"x,3\n";

        var error = Assert.Throws<SourceLoadException>(() => TableReading.Csv(csv, "orders.csv"));

        Assert.Equal("orders.csv", error.FileName);
        Assert.Equal(3, error.Line);
        Assert.Contains("orders.csv at line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnicodeFields_RoundTrip()
    {
        var table = TableReading.Csv("name\nJosé\n東京\n🎉\n");

        Assert.Equal(["José", "東京", "🎉"], table.Column("name").Texts());
        Assert.Equal("\"東京\"", table.Column("name").ValueJson(1));
    }

    [Fact]
    public void Read_InvalidUtf8Field_RepairedToReplacementCharacter()
    {
        byte[] csv = [.. "name\ncaf"u8, 0xE9, .. "\nok\n"u8];

        var table = CsvTableReader.Read(csv, "latin1.csv");

        Assert.Equal("caf\uFFFD", table.Column("name").FormatText(0));
    }
}
