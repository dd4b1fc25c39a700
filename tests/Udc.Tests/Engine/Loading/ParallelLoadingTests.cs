using System.Buffers;
using System.Text;
using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Engine.Generation;
using Udc.Engine.Loading;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Loading;

/// <summary>
/// A file read in chunks on several cores must give exactly the table the one-piece read gives: same columns,
/// types, null masks, dictionary codes in the same order, values byte for byte, and the same errors.
/// </summary>
public sealed class ParallelLoadingTests : IDisposable
{
    private readonly TempDataDirectory _dir = new("udc-parallel-");

    public void Dispose() => _dir.Dispose();

    /// <summary>Eight workers and 2 KB chunks: a few thousand records make dozens of chunks on any machine.</summary>
    private static LoadOptions Chunked(LoadProgress? progress = null) => new() { Parallelism = 8, MinChunkBytes = 2048, Progress = progress };

    [Theory]
    [InlineData(DemoDataGenerator.TicketsFileName)]
    [InlineData(DemoDataGenerator.CustomersFileName)]
    public void Read_DemoJsonArray_ChunkedIdenticalToOnePiece(string fileName)
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions { Customers = 4000, Tickets = 4000 });
        var json = File.ReadAllBytes(_dir.PathOf(fileName));

        var (whole, chunked, chunks) = ReadBoth(json, SourceFormat.Json);

        Assert.True(chunks > 8, $"read in {chunks} chunks");
        Assert.Equal(4000, chunked.RowCount);
        TableComparison.AssertIdentical(whole, chunked);
    }

    [Fact]
    public void Read_DemoTicketsAsNdjsonAndCsv_ChunkedIdenticalToOnePiece()
    {
        DemoDataGenerator.Write(_dir.Path, new DemoDataOptions { Customers = 50, Tickets = 4000 });
        var table = JsonTableReader.Read(File.ReadAllBytes(_dir.PathOf(DemoDataGenerator.TicketsFileName)), "t.json", options: LoadOptions.SingleThreaded);

        foreach (var (bytes, format) in new[] { (ToJsonLines(table), SourceFormat.NdJson), (ToCsv(table), SourceFormat.Csv) })
        {
            var (whole, chunked, chunks) = ReadBoth(bytes, format);

            Assert.True(chunks > 8, $"{format} read in {chunks} chunks");
            TableComparison.AssertIdentical(whole, chunked);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_MessyJsonArray_ChunkedIdenticalToOnePiece(int seed)
    {
        var (whole, chunked, chunks) = ReadBoth(MessyRecords.JsonArray(3000, seed), SourceFormat.Json);

        Assert.True(chunks > 8, $"read in {chunks} chunks");
        Assert.Equal(3000, whole.RowCount);
        TableComparison.AssertIdentical(whole, chunked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_MessyJsonLines_ChunkedIdenticalToOnePiece(int seed)
    {
        var (whole, chunked, chunks) = ReadBoth(MessyRecords.JsonLines(3000, seed), SourceFormat.NdJson);

        Assert.True(chunks > 8, $"read in {chunks} chunks");
        Assert.Equal(3000, whole.RowCount);
        TableComparison.AssertIdentical(whole, chunked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_MessyCsv_ChunkedIdenticalToOnePiece(int seed)
    {
        var (whole, chunked, chunks) = ReadBoth(MessyRecords.Csv(3000, seed), SourceFormat.Csv);

        Assert.True(chunks > 8, $"read in {chunks} chunks");
        Assert.Equal(3000, whole.RowCount);
        Assert.NotNull(whole.Find("column_7"));
        TableComparison.AssertIdentical(whole, chunked);
    }

    [Fact]
    public void Read_MessyJson_TypesDecidedByTheLastChunks()
    {
        var (whole, chunked, _) = ReadBoth(MessyRecords.JsonLines(3000, seed: 7), SourceFormat.NdJson);

        // Decimals, an instant and a new status occur only in the last tenth of the file; the code column has more
        // values than half the rows from its first chunk on, late_code only once the chunks' dictionaries are merged.
        Assert.IsType<DoubleColumn>(chunked.Column("amount"));
        Assert.False(((TimestampColumn)chunked.Column("when")).DateOnly);
        Assert.Contains("escalated", ((DictionaryStringColumn)chunked.Column("status")).Entries);
        Assert.IsType<PlainStringColumn>(chunked.Column("code"));
        Assert.IsType<PlainStringColumn>(chunked.Column("late_code"));
        Assert.Equal(whole.Column("late").Nulls.NullCount, chunked.Column("late").Nulls.NullCount);
    }

    [Fact]
    public void Read_CutCandidatesInsideStrings_IdenticalToOnePiece()
    {
        // Every record's text holds "}, {" followed by what looks like a record, so many guessed cuts land inside a string.
        var json = new StringBuilder("[");
        for (var i = 0; i < 2000; i++)
        {
            json.Append(i == 0 ? "" : ", ").Append("{\"id\": ").Append(i).Append(", \"text\": \"}, {\\\"id\\\": ").Append(i).Append("}, {\"}");
        }
        var (whole, chunked, _) = ReadBoth(Encoding.UTF8.GetBytes(json.Append(']').ToString()), SourceFormat.Json);

        Assert.Equal("}, {\"id\": 7}, {", chunked.Column("text").FormatText(7));
        TableComparison.AssertIdentical(whole, chunked);
    }

    [Fact]
    public void Read_QuotedLineEndsEverywhere_CsvCutsOnlyBetweenRecords()
    {
        var csv = new StringBuilder("id,note\n");
        for (var i = 0; i < 3000; i++)
        {
            csv.Append(i).Append(",\"line one\nline \"\"two\"\"\n").Append('é', i % 5).Append("\"\n");
        }
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());

        var cuts = RecordChunks.Csv(bytes, 32);

        Assert.True(cuts.Length > 8);
        foreach (var cut in cuts[1..^1])
        {
            Assert.Equal(0, bytes.AsSpan(0, cut).Count((byte)'"') % 2);
            Assert.Equal((byte)'\n', bytes[cut - 1]);
        }
        var (whole, chunked, chunks) = ReadBoth(bytes, SourceFormat.Csv);
        Assert.True(chunks > 8, $"read in {chunks} chunks");
        Assert.Equal("line one\nline \"two\"\néé", chunked.Column("note").FormatText(2));
        TableComparison.AssertIdentical(whole, chunked);
    }

    [Fact]
    public void Read_InvalidUtf8InSomeChunks_RepairedAsInOnePiece()
    {
        // Chunks whose bytes are all valid UTF-8 skip the check per value; the others must still repair theirs.
        var csv = new List<byte>("id,name\n"u8.ToArray());
        for (var i = 0; i < 3000; i++)
        {
            csv.AddRange(Encoding.UTF8.GetBytes($"{i},caf"));
            csv.AddRange(i % 700 == 0 ? [0xE9] : "é"u8.ToArray());
            csv.Add((byte)'\n');
        }
        var (whole, chunked, chunks) = ReadBoth([.. csv], SourceFormat.Csv);

        Assert.True(chunks > 8, $"read in {chunks} chunks");
        Assert.Equal("caf\uFFFD", chunked.Column("name").FormatText(1400));
        Assert.Equal("café", chunked.Column("name").FormatText(1401));
        TableComparison.AssertIdentical(whole, chunked);
    }

    [Theory]
    [InlineData("Json")]
    [InlineData("NdJson")]
    public void Read_InvalidUtf8InFlatJsonRecords_RepairedAsInOnePiece(string formatName)
    {
        // Flat records are scanned without the reader, which takes a string's bytes as they are: the columns must
        // still repair them exactly as the one-piece read does.
        var format = Enum.Parse<SourceFormat>(formatName);
        var records = new List<byte>(format == SourceFormat.Json ? "["u8.ToArray() : []);
        for (var i = 0; i < 3000; i++)
        {
            records.AddRange(Encoding.UTF8.GetBytes((i > 0 && format == SourceFormat.Json ? ",\n" : "") + $"{{\"id\": {i}, \"name\": \"caf"));
            records.AddRange(i % 700 == 0 ? [0xE9] : "é"u8.ToArray());
            records.AddRange("\"}"u8.ToArray());
            records.AddRange(format == SourceFormat.Json ? [] : "\n"u8.ToArray());
        }
        records.AddRange(format == SourceFormat.Json ? "]"u8.ToArray() : []);
        var (whole, chunked, chunks) = ReadBoth([.. records], format);

        Assert.True(chunks > 8, $"read in {chunks} chunks");
        Assert.Equal("caf\uFFFD", chunked.Column("name").FormatText(1400));
        Assert.Equal("café", chunked.Column("name").FormatText(1401));
        TableComparison.AssertIdentical(whole, chunked);
    }

    /// <summary>
    /// A reader projects a text's rows from its first records: text whose first records are much shorter, or much
    /// longer, than the rest reserves far too many or far too few rows, and must still give the same table.
    /// </summary>
    [Theory]
    [InlineData(8, 90)]
    [InlineData(90, 8)]
    public void Read_FirstRecordsUnlikeTheRest_SameTableAsWithoutProjection(int firstLength, int restLength)
    {
        var csv = new StringBuilder("id,text\n");
        for (var i = 0; i < 20_000; i++)
        {
            csv.Append(i).Append(',').Append('x', i < 5_000 ? firstLength : restLength).Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());

        var table = TableLoader.Read(bytes, "file", SourceFormat.Csv, out _, LoadOptions.SingleThreaded);

        Assert.Equal(20_000, table.RowCount);
        Assert.Equal(new string('x', firstLength), table.Column("text").FormatText(4_999));
        Assert.Equal(new string('x', restLength), table.Column("text").FormatText(19_999));
        Assert.Equal("19999", table.Column("id").FormatText(19_999));
    }

    [Fact]
    public void Read_MultiByteCharactersAcrossEveryCut_IdenticalToOnePiece()
    {
        // Four-, three- and two-byte characters fill the file, so byte targets fall inside characters.
        var json = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            json.Append("{\"id\": ").Append(i).Append(", \"name\": \"").Append("🎉東é", 0, 1 + i % 4).Append(new string('ü', i % 7)).Append("\"}\n");
        }
        var (whole, chunked, chunks) = ReadBoth(Encoding.UTF8.GetBytes(json.ToString()), SourceFormat.NdJson);

        Assert.True(chunks > 8, $"read in {chunks} chunks");
        TableComparison.AssertIdentical(whole, chunked);
    }

    [Fact]
    public void Read_CommentsInChunks_ReadWholeWithCommentsSkipped()
    {
        var json = new StringBuilder("[\n");
        for (var i = 0; i < 2000; i++)
        {
            json.Append(i == 0 ? "" : ",\n").Append("{\"id\": ").Append(i).Append(i % 100 == 0 ? " /* checked */" : "").Append('}');
        }
        var progress = new LoadProgress(0);

        var table = JsonTableReader.Read(Encoding.UTF8.GetBytes(json.Append("\n]").ToString()), "c.json", options: Chunked(progress));

        Assert.Equal(2000, table.RowCount);
        Assert.Equal(1, progress.Chunks);
    }

    [Theory]
    [InlineData("Json")]
    [InlineData("NdJson")]
    [InlineData("Csv")]
    public void Read_MalformedLateInFile_ChunkedReportsTheOnePieceError(string formatName)
    {
        var format = Enum.Parse<SourceFormat>(formatName);
        var bytes = format switch
        {
            SourceFormat.Csv => MessyRecords.Csv(3000, seed: 4),
            SourceFormat.NdJson => MessyRecords.JsonLines(3000, seed: 4),
            _ => MessyRecords.JsonArray(3000, seed: 4),
        };
        // Break the file three quarters in: a stray quote in CSV, a missing colon in JSON.
        var at = Array.IndexOf(bytes, format == SourceFormat.Csv ? (byte)',' : (byte)':', bytes.Length * 3 / 4);
        bytes[at] = format == SourceFormat.Csv ? (byte)'"' : (byte)' ';

        var whole = Assert.Throws<SourceLoadException>(() => TableLoader.Read(bytes, "bad", format, out _, LoadOptions.SingleThreaded));
        var chunked = Assert.Throws<SourceLoadException>(() => TableLoader.Read(bytes, "bad", format, out _, Chunked()));

        Assert.Equal(whole.Message, chunked.Message);
        Assert.NotNull(chunked.Line);
    }

    [Theory]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    public void Read_DeepNestingInArrayElements_SameOutcomeAsOnePiece(int depth)
    {
        var nested = new string('[', depth) + new string(']', depth);
        var json = new StringBuilder("[");
        for (var i = 0; i < 2000; i++)
        {
            json.Append(i == 0 ? "" : ", ").Append("{\"id\": ").Append(i).Append(", \"deep\": ").Append(i == 1500 ? nested : "[]").Append('}');
        }
        var bytes = Encoding.UTF8.GetBytes(json.Append(']').ToString());

        var whole = Record.Exception(() => TableLoader.Read(bytes, "deep.json", SourceFormat.Json, out _, LoadOptions.SingleThreaded));
        var chunked = Record.Exception(() => TableLoader.Read(bytes, "deep.json", SourceFormat.Json, out _, Chunked()));

        Assert.Equal(whole?.Message, chunked?.Message);
    }

    private static (Table Whole, Table Chunked, int Chunks) ReadBoth(byte[] bytes, SourceFormat format)
    {
        var whole = TableLoader.Read(bytes, "file", format, out var wholeHash, LoadOptions.SingleThreaded);
        var progress = new LoadProgress(bytes.Length);
        var chunked = TableLoader.Read(bytes, "file", format, out var chunkedHash, Chunked(progress));
        Assert.Equal(wholeHash, chunkedHash);
        return (whole, chunked, progress.Chunks);
    }

    private static byte[] ToJsonLines(Table table)
    {
        var buffer = new ArrayBufferWriter<byte>();
        for (var row = 0; row < table.RowCount; row++)
        {
            using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
            {
                writer.WriteStartObject();
                foreach (var column in table.Columns)
                {
                    writer.WritePropertyName(column.EncodedName);
                    column.WriteJson(writer, row);
                }
                writer.WriteEndObject();
            }
            buffer.Write("\n"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] ToCsv(Table table)
    {
        var csv = new StringBuilder(string.Join(',', table.Columns.Select(c => c.Name))).Append('\n');
        for (var row = 0; row < table.RowCount; row++)
        {
            csv.Append(string.Join(',', table.Columns.Select(c => c.FormatText(row) is { } text ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : ""))).Append('\n');
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
