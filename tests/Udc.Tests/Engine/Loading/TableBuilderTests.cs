using Udc.Engine.Loading;

namespace Udc.Tests.Engine.Loading;

public sealed class TableBuilderTests
{
    [Fact]
    public void ProjectRows_FromRecordsLikeTheRest_RoomForEveryRowAtOnce()
    {
        var builder = BuilderWithRows(columns: 2, rows: 4096);

        // 4,096 records in 40,960 bytes: a 1 MB text holds about 102,400 rows.
        builder.ProjectRows(bytesRead: 40_960, totalBytes: 1_024_000);

        Assert.All(builder.Columns, c => Assert.InRange(c.RowCapacity, 102_400, 102_400 * 21 / 20 + 1));
        Assert.All(builder.Columns, c => Assert.Equal(4096, c.Count));
    }

    [Fact]
    public void ProjectRows_TinyFirstRecordsOfAHugeText_ReservesNoMoreThanTheTextsSize()
    {
        var builder = BuilderWithRows(columns: 4, rows: 4096);

        // 4,096 records in 8 KB of a 100 MB text (one huge value later): the rate alone would reserve 52 million rows.
        const long total = 100L * 1024 * 1024;
        builder.ProjectRows(bytesRead: 8192, totalBytes: total);

        var reserved = builder.Columns.Sum(c => 5L * c.RowCapacity);
        Assert.InRange(reserved, 1, total);
    }

    private static TableBuilder BuilderWithRows(int columns, int rows)
    {
        var builder = new TableBuilder("test.csv");
        for (var c = 0; c < columns; c++)
        {
            builder.DeclareColumn(System.Text.Encoding.UTF8.GetBytes($"c{c}"));
        }
        for (var row = 0; row < rows; row++)
        {
            builder.BeginRow();
            for (var c = 0; c < columns; c++)
            {
                builder.AddAt(c, RawKind.Text, "12345"u8);
            }
        }
        return builder;
    }
}
