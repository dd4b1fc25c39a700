using System.Text;
using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Tests.Engine.Loading;

public sealed class JsonTableReaderShapeTests
{
    [Fact]
    public void Read_UnicodeText_RoundTripsThroughWriteJson()
    {
        var table = TableReading.Json("""[{"name": "José Müller"}, {"name": "🎉 party"}, {"name": "東京タワー"}, {"name": "tab\tquote\"end"}]""");

        var column = table.Column("name");
        Assert.Equal(["José Müller", "🎉 party", "東京タワー", "tab\tquote\"end"], column.Texts());
        Assert.Equal("\"José Müller\"", column.ValueJson(0));
        for (var row = 0; row < table.RowCount; row++)
        {
            using var document = JsonDocument.Parse(column.ValueJson(row));
            Assert.Equal(column.FormatText(row), document.RootElement.GetString());
        }
    }

    [Fact]
    public void Read_EscapedUnicode_Unescaped()
    {
        var table = TableReading.Json("""[{"name": "Jos\u00e9 \ud83c\udf89"}]""");

        Assert.Equal("José 🎉", table.Column("name").FormatText(0));
    }

    [Fact]
    public void Read_FiveThousandCharacterString_KeptWhole()
    {
        var longText = string.Concat(Enumerable.Range(0, 500).Select(i => $"{i % 10}abcdefgh\\"))[..4_999] + "é";
        // Every tenth character is a backslash, escaped in the file, so the value also goes through unescaping.
        var json = $$"""[{"id": 1, "body": "{{longText.Replace("\\", "\\\\", StringComparison.Ordinal)}}"}]""";
        var table = TableReading.Json(json);

        var text = table.Column("body").FormatText(0);
        Assert.Equal(5_000, text!.Length);
        Assert.Equal(longText, text);
    }

    [Fact]
    public void Read_DuplicateRecords_BothKept()
    {
        var table = TableReading.Json("""[{"id": 1, "s": "a"}, {"id": 1, "s": "a"}]""");

        Assert.Equal(2, table.RowCount);
        Assert.Equal(["1", "1"], table.Column("id").Texts());
    }

    [Fact]
    public void Read_TrailingCommas_Accepted()
    {
        var table = TableReading.Json("""[{"id": 1, "s": "a",}, {"id": 2, "s": "b",},]""");

        Assert.Equal(2, table.RowCount);
        Assert.Equal(["a", "b"], table.Column("s").Texts());
    }

    [Fact]
    public void Read_Comments_Skipped()
    {
        var table = TableReading.Json("""
            // exported by hand
            [
              /* first */ {"id": 1},
              {"id": 2} // second
            ]
            """);

        Assert.Equal(["1", "2"], table.Column("id").Texts());
    }

    [Fact]
    public void Read_NestedObjects_FlattenedToDotPaths()
    {
        var table = TableReading.Json("""[{"id": 1, "address": {"city": "Paris", "geo": {"lat": 48.85}}}, {"id": 2, "address": {"city": "Oslo"}}]""");

        Assert.True(table.IsNested);
        Assert.Equal(["id", "address.city", "address.geo.lat"], table.Columns.Select(c => c.Name));
        Assert.Equal(["Paris", "Oslo"], table.Column("address.city").Texts());
        Assert.IsType<DoubleColumn>(table.Column("address.geo.lat"));
        Assert.True(table.Column("address.geo.lat").IsNull(1));
    }

    [Fact]
    public void Read_Arrays_KeptAsCompactJsonText()
    {
        var table = TableReading.Json("""[{"tags": [ "a" , "b" ], "matrix": [[1, 2], {"k": null}]}, {"tags": []}]""");

        Assert.True(table.IsNested);
        Assert.Equal(["[\"a\",\"b\"]", "[]"], table.Column("tags").Texts());
        Assert.Equal("[[1,2],{\"k\":null}]", table.Column("matrix").FormatText(0));
        Assert.Equal("\"[\\\"a\\\",\\\"b\\\"]\"", table.Column("tags").ValueJson(0));
    }

    [Fact]
    public void Read_NdJsonLines_OneRecordPerLine()
    {
        var table = TableReading.Json("{\"id\": 1, \"s\": \"a\"}\n{\"id\": 2, \"s\": \"b\"}\n\n{\"id\": 3}\n", "events.ndjson");

        Assert.Equal(3, table.RowCount);
        Assert.Equal(["a", "b", null], table.Column("s").Texts());
    }

    [Fact]
    public void Read_ConcatenatedObjectsInJsonFile_EachIsARecord()
    {
        var table = TableReading.Json("{\"id\": 1}\r\n{\"id\": 2}{\"id\": 3}");

        Assert.Equal(["1", "2", "3"], table.Column("id").Texts());
    }

    [Fact]
    public void Read_SingleObject_OneRecord()
    {
        var table = TableReading.Json("""{"id": 7, "name": "solo"}""");

        Assert.Equal(1, table.RowCount);
        Assert.Equal("solo", table.Column("name").FormatText(0));
    }

    [Fact]
    public void Read_ObjectWrappingArray_ArrayIsTheTable()
    {
        var table = TableReading.Json("""{"meta": {"count": 2}, "customers": [{"id": 1}, {"id": 2}], "next": null}""");

        Assert.Equal(2, table.RowCount);
        Assert.Equal(["id"], table.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Read_TopLevelScalarArray_ValueColumn()
    {
        var table = TableReading.Json("[3, 1, 2]");

        Assert.Equal(3, table.RowCount);
        var column = Assert.IsType<Int64Column>(table.Column("value"));
        Assert.Equal([3L, 1L, 2L], column.Values.ToArray());
    }

    [Fact]
    public void Read_SameKeyTwiceInOneObject_LastWinsRowCountUnchanged()
    {
        var table = TableReading.Json("""[{"id": 1, "s": "first", "s": "second"}, {"id": 2, "s": "third"}]""");

        Assert.Equal(2, table.RowCount);
        var column = table.Column("s");
        Assert.Equal(2, column.RowCount);
        Assert.Equal(["second", "third"], column.Texts());
    }

    [Fact]
    public void Read_EmptyArray_NoRowsNoColumns()
    {
        var table = TableReading.Json("[]");

        Assert.Equal(0, table.RowCount);
        Assert.Empty(table.Columns);
    }

    [Fact]
    public void Read_ByteOrderMark_Ignored()
    {
        var bytes = (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""[{"id": 1}]""")];

        var table = JsonTableReader.Read(bytes, "bom.json");

        Assert.Equal(["id"], table.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Read_InvalidJson_ExceptionNamesFileLineAndByte()
    {
        // Line 3 is `  {"a": 2,,}`: the second comma, at byte 10 of the line, cannot start a property name.
        var json = "[\n  {\"a\": 1},\n  {\"a\": 2,,}\n]";

        var error = Assert.Throws<SourceLoadException>(() => TableReading.Json(json, "broken.json"));

        Assert.Equal("broken.json", error.FileName);
        Assert.Equal(3, error.Line);
        Assert.Equal(10, error.BytePosition);
        Assert.StartsWith("broken.json at line 3, byte 10: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnterminatedArray_SourceLoadExceptionWithLine()
    {
        var error = Assert.Throws<SourceLoadException>(() => TableReading.Json("[{\"a\": 1},\n{\"a\": 2}", "cut.json"));

        Assert.Equal("cut.json", error.FileName);
        Assert.Equal(2, error.Line);
        Assert.Contains("cut.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ContentAfterTopLevelArray_SourceLoadExceptionAtThatLine()
    {
        var error = Assert.Throws<SourceLoadException>(() => TableReading.Json("[{\"a\": 1}]\n  {\"a\": 2}", "extra.json"));

        Assert.Equal(2, error.Line);
        Assert.Equal(2, error.BytePosition);
        Assert.Contains("extra.json at line 2, byte 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8InString_RepairedAndWritesValidJson()
    {
        byte[] json = [.. "[{\"s\": \"caf"u8, 0xC3, (byte)'"', .. "}, {\"s\": \"ok\"}]"u8];

        var table = JsonTableReader.Read(json, "bad-bytes.json");

        var column = table.Column("s");
        Assert.Equal("caf\uFFFD", column.FormatText(0));
        using var document = JsonDocument.Parse(table.AllRowsJson());
        Assert.Equal("caf\uFFFD", document.RootElement[0].GetProperty("s").GetString());
    }

    [Fact]
    public void Read_InvalidUtf8InEscapedString_RepairedLikeUnescapedOne()
    {
        // The same bad byte, in a value that also holds an escape (\n): the reader must unescape, not fail the file.
        byte[] json = [.. "[{\"s\": \"caf"u8, 0xFF, .. "\\n\"}]"u8];

        var table = JsonTableReader.Read(json, "bad-escaped.json");

        Assert.Equal("caf\uFFFD\n", table.Column("s").FormatText(0));
    }

    [Fact]
    public void Read_InvalidUtf8InArray_WritesValidJson()
    {
        byte[] json = [.. "[{\"tags\": [\"a"u8, 0xFF, .. "\"]}]"u8];

        var table = JsonTableReader.Read(json, "bad-array.json");

        using var document = JsonDocument.Parse(table.AllRowsJson());
        Assert.Equal(JsonValueKind.String, document.RootElement[0].GetProperty("tags").ValueKind);
    }

    [Fact]
    public void Read_InvalidUtf8InKey_ColumnNameRepaired()
    {
        byte[] json = [.. "[{\"k"u8, 0xFF, .. "\": 1}]"u8];

        var table = JsonTableReader.Read(json, "bad-key.json");

        Assert.Equal("k\uFFFD", Assert.Single(table.Columns).Name);
        using var document = JsonDocument.Parse(table.AllRowsJson());
        Assert.Equal(1, document.RootElement[0].GetProperty("k\uFFFD").GetInt32());
    }

    [Fact]
    public void Read_NestingDeeperThanLimit_SourceLoadException()
    {
        var json = "[" + string.Concat(Enumerable.Repeat("{\"a\":", 80)) + "1" + new string('}', 80) + "]";

        var error = Assert.Throws<SourceLoadException>(() => TableReading.Json(json, "deep.json"));

        Assert.Equal(1, error.Line);
    }
}
