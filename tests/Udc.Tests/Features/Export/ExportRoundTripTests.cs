using System.Globalization;
using System.Text;

namespace Udc.Tests.Features.Export;

/// <summary>
/// Every export, read back with an independent reader, holds exactly what /data returns for the same filters,
/// sort and fields: the same records in the same order, cell by cell.
/// </summary>
public sealed class ExportRoundTripTests(ExportDemoFixture fixture) : IClassFixture<ExportDemoFixture>
{
    private ExportServer Server => fixture.Server;

    public static TheoryData<string, string> Queries => new()
    {
        { "crm", "" },
        { "crm", "status=active&sort=name" },
        { "support", "status=open,pending&priority=high&fields=ticket_id,subject,created_at" },
        { "support", "query=export&sort=-ticket_id" },
        { "support", "created_at__gte=2024-03-01&sort=priority,-created_at" },
        { "analytics", "metric=daily_active_users&start_date=2024-03-01&end_date=2024-03-15" },
        { "analytics", "value__gt=1000&sort=value&fields=value,date" },
        { "support", "status=nonexistent" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Csv_SameQueryAsData_EveryCellMatches(string source, string query)
    {
        var expected = await Server.DataStreamAsync(source, query);
        var fields = await Server.FieldsAsync(source, query);

        var export = (await Server.GetAsync($"/export/{source}?export_format=csv&{query}")).ExpectOk();

        var (header, rows) = ExportFiles.ReadCsv(export.Body);
        ExportExpectations.CsvMatches(fields, expected, header, rows);
        Assert.Equal(expected.Count.ToString(CultureInfo.InvariantCulture), export.Headers["x-total-count"]);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Xlsx_SameQueryAsData_EveryCellMatches(string source, string query)
    {
        var expected = await Server.DataStreamAsync(source, query);
        var fields = await Server.FieldsAsync(source, query);
        var types = (await Server.ColumnsAsync(source)).ToDictionary(c => c.Name, c => c.Type);

        var export = (await Server.GetAsync($"/export/{source}?export_format=xlsx&{query}")).ExpectOk();

        var sheet = ExportFiles.ReadXlsx(export.Body);
        Assert.Equal(source, sheet.Name);
        ExportExpectations.XlsxMatches(fields, types, expected, sheet);
        Assert.Equal($"A1:{ExportFiles.ColumnName(fields.Count - 1)}{expected.Count + 1}", sheet.Dimension);
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Ndjson_SameQueryAsData_IsTheDataStreamByteForByte(string source, string query)
    {
        var stream = (await Server.GetAsync($"/data/{source}?stream=true&{query}")).ExpectOk();

        var export = (await Server.GetAsync($"/export/{source}?export_format=ndjson&{query}")).ExpectOk();

        Assert.Equal("application/x-ndjson", export.MediaType);
        Assert.Equal(stream.Text, export.Text);
    }

    [Fact]
    public async Task Csv_Download_IsRfc4180Utf8WithDatedAttachmentName()
    {
        var export = (await Server.GetAsync("/export/support?export_format=csv")).ExpectOk();

        Assert.Equal("text/csv", export.MediaType);
        Assert.Contains("charset=utf-8", export.Headers["content-type"], StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"^attachment; filename=support-\d{4}-\d{2}-\d{2}\.csv; filename\*=UTF-8''support-\d{4}-\d{2}-\d{2}\.csv$", export.Headers["content-disposition"]);
        AssertExportDate(export.Headers["content-disposition"]);
        Assert.Equal("50", export.Headers["x-total-count"]);
        Assert.Contains("no-store", export.Headers["cache-control"], StringComparison.Ordinal);
        Assert.NotEqual(0xEF, export.Body[0]);
        var text = export.Text;
        Assert.StartsWith("ticket_id,customer_id,subject,status,priority,created_at\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.Equal(51, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Export_NoFormat_IsCsv()
    {
        var export = (await Server.GetAsync("/export/crm")).ExpectOk();

        Assert.Equal("text/csv", export.MediaType);
        Assert.EndsWith(".csv", export.Headers["content-disposition"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xlsx_Download_HasSpreadsheetTypeNameAndSizedColumns()
    {
        var export = (await Server.GetAsync("/export/support?export_format=xlsx")).ExpectOk();

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.MediaType);
        Assert.Matches(@"filename=support-\d{4}-\d{2}-\d{2}\.xlsx", export.Headers["content-disposition"]);
        AssertExportDate(export.Headers["content-disposition"]);
        var sheet = ExportFiles.ReadXlsx(export.Body);
        var header = sheet.Rows[0].Select(c => c.Text!).ToList();
        for (var c = 0; c < header.Count; c++)
        {
            // Sized to the longest text in the column (header included), plus a margin, within 8 to 60.
            var longest = sheet.Rows.Select(r => r.SingleOrDefault(cell => cell.Reference.StartsWith(ExportFiles.ColumnName(c), StringComparison.Ordinal) && cell.Reference[ExportFiles.ColumnName(c).Length..].All(char.IsDigit)))
                .Max(cell => cell?.Text is { } t ? Encoding.UTF8.GetByteCount(t) : cell?.NumberFormat.StartsWith("yyyy", StringComparison.Ordinal) == true ? 19 : cell?.Value?.Length ?? 0);
            Assert.InRange(sheet.Widths[c], Math.Min(60, Math.Max(8, longest + 2)), 60);
        }
        // The subject column is far wider than the status column: widths follow content.
        Assert.True(sheet.Widths[header.IndexOf("subject")] > sheet.Widths[header.IndexOf("status")] + 10);
    }

    /// <summary>The date in the file name is the UTC day of the export.</summary>
    private static void AssertExportDate(string disposition)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.True(disposition.Contains(today, StringComparison.Ordinal) || disposition.Contains(yesterday, StringComparison.Ordinal), disposition);
    }
}
