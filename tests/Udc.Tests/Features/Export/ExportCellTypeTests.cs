using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DocumentFormat.OpenXml.Spreadsheet;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Export;

/// <summary>
/// A source with every column type, nulls, text that starts like a formula, characters XML cannot carry and
/// values a spreadsheet cannot hold exactly: each exported cell is checked against /data.
/// </summary>
public sealed class ExportCellTypeTests : IAsyncLifetime
{
    /// <summary>Text a spreadsheet would run as a formula (OWASP's list), and look-alikes that are safe.</summary>
    private static readonly string[] s_labels =
    [
        "=1+2", "+SUM(A1:A2)", "-2+3", "@cmd|' /C calc'!A0", "\tleading tab", "\rleading cr", "-5",
        "plain", "a=b", "José 😀 <tag> & \"quote\"", "",
    ];

    private static readonly string s_longText = string.Concat(Enumerable.Repeat("0123456789", 3_400)) + "😀tail";

    private readonly TempDataDirectory _data = new("udc-export-types-");
    private ExportServer? _server;

    private ExportServer Server => _server!;

    public async ValueTask InitializeAsync()
    {
        var records = new List<string>();
        for (var i = 0; i < s_labels.Length; i++)
        {
            records.Add($$"""{"id": {{i + 1}}, "label": "{{JsonEncodedText.Encode(s_labels[i], JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}}", "amount": {{(i % 3 == 0 ? "null" : (i * 1000 - 2500).ToString(System.Globalization.CultureInfo.InvariantCulture))}}, "ratio": {{(i == 2 ? "null" : $"{i}.25e-3")}}, "active": {{(i == 4 ? "null" : i % 2 == 0 ? "true" : "false")}}, "day": "2024-03-{{(i + 1):00}}", "at": "2024-03-15T10:{{i:00}}:00.{{i * 7:000}}Z"}""");
        }
        records.Add("""{"id": 100, "label": "edges", "amount": 9007199254740993, "ratio": 1e300, "active": true, "day": "1800-01-01", "at": "9999-12-31T23:59:59Z", "note": "ctrl \u0001 \u001f _x0041_ literal, line1\r\nline2, tab\there, \ufffe"}""");
        records.Add($$"""{"id": 101, "label": "  spaces around  ", "amount": -9007199254740993, "ratio": -0.0, "active": false, "day": "1900-03-01", "at": "1970-01-01T00:00:00Z", "note": "{{s_longText}}"}""");
        _data.Write("mixed.json", "[\n" + string.Join(",\n", records) + "\n]\n");
        _server = await ExportServer.StartAsync(_data.Path);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _data.Dispose();
    }

    [Fact]
    public async Task Csv_EveryTypeAndEdge_MatchesDataAndNeutralisesFormulas()
    {
        var expected = await Server.DataStreamAsync("mixed", "sort=id");
        var fields = await Server.FieldsAsync("mixed", "");

        var export = (await Server.GetAsync("/export/mixed?export_format=csv&sort=id")).ExpectOk();

        var (header, rows) = ExportFiles.ReadCsv(export.Body);
        ExportExpectations.CsvMatches(fields, expected, header, rows);
        var labels = rows.Select(r => r[header.IndexOf("label")]).ToList();
        Assert.Equal(["'=1+2", "'+SUM(A1:A2)", "'-2+3", "'@cmd|' /C calc'!A0", "'\tleading tab", "'\rleading cr", "'-5", "plain", "a=b"], labels.Take(9));
        // A negative number in a number column is a number, not text: no quote.
        Assert.Contains("-1500", rows.Select(r => r[header.IndexOf("amount")]));
        Assert.Equal(s_longText, rows[^1][header.IndexOf("note")]);
    }

    [Fact]
    public async Task Xlsx_EveryTypeAndEdge_MatchesDataAndKeepsFormulasAsText()
    {
        var expected = await Server.DataStreamAsync("mixed", "sort=id");
        var fields = await Server.FieldsAsync("mixed", "");
        var types = (await Server.ColumnsAsync("mixed")).ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(["integer", "string", "integer", "number", "boolean", "timestamp", "timestamp", "string"], fields.Select(f => types[f]));

        var export = (await Server.GetAsync("/export/mixed?export_format=xlsx&sort=id")).ExpectOk();

        var sheet = ExportFiles.ReadXlsx(export.Body);
        ExportExpectations.XlsxMatches(fields, types, expected, sheet);
        var labels = sheet.Rows.Skip(1).Take(7).Select(r => r.Single(c => c.Reference.StartsWith('B')))
            .ToList();
        Assert.All(labels, c => Assert.True(c.Type == CellValues.InlineString && c.QuotePrefix && !c.HasFormula, $"{c.Reference}: '{c.Text}' must be plain text"));
        Assert.Equal(s_labels.Take(7), labels.Select(c => c.Text));
        var note = sheet.Rows[^1].Single(c => c.Reference.StartsWith('H'));
        Assert.Equal(32_767, note.Text!.Length);
    }

    [Fact]
    public async Task Xlsx_ControlCharactersAndEscapeLookalikes_RoundTrip()
    {
        var export = (await Server.GetAsync("/export/mixed?export_format=xlsx&id=100&fields=note")).ExpectOk();

        var sheet = ExportFiles.ReadXlsx(export.Body);
        Assert.Equal("ctrl \u0001 \u001f _x0041_ literal, line1\r\nline2, tab\there, \ufffe", sheet.Rows[1].Single().Text);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(export.Body));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open(), Encoding.UTF8);
        var xml = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Contains("ctrl _x0001_ _x001F_ _x005F_x0041_ literal, line1&#13;\nline2, tab\there, _xFFFE_", xml, StringComparison.Ordinal);
    }
}
