using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace Udc.Tests.Features.Export;

/// <summary>Reads exported files back with independent readers: CsvHelper for CSV, DocumentFormat.OpenXml for XLSX.</summary>
internal static partial class ExportFiles
{
    private static readonly CsvReaderOptions s_csv = new()
    {
        HasHeader = true,
        Separator = ',',
        DetectSeparatorHint = false,
        MalformedData = CsvMalformedDataHandling.Throw,
        SkipEmptyLines = false,
    };

    /// <summary>The header and every record's fields, as text.</summary>
    public static (List<string> Header, List<string[]> Rows) ReadCsv(byte[] csv)
    {
        using var reader = CsvReader.Create(csv, s_csv);
        var header = reader.Headers.ToList();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            Assert.Equal(header.Count, reader.FieldCount);
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }
        return (header, rows);
    }

    public static XlsxSheet ReadXlsx(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, "the workbook does not validate against ECMA-376:\n" + string.Join('\n', errors.Take(20)));

        var workbook = document.WorkbookPart!;
        var sheet = Assert.Single(workbook.Workbook.Sheets!.Elements<Sheet>());
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var fonts = workbook.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ToList();
        var numberFormats = workbook.WorkbookStylesPart.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];

        var rows = new List<List<XlsxCell>>();
        var expectedRow = 1u;
        foreach (var row in part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>())
        {
            Assert.Equal(expectedRow++, row.RowIndex!.Value);
            var cells = new List<XlsxCell>();
            foreach (var cell in row.Elements<Cell>())
            {
                var style = formats[(int)(cell.StyleIndex?.Value ?? 0)];
                var numberFormatId = style.NumberFormatId?.Value ?? 0;
                cells.Add(new XlsxCell(
                    cell.CellReference!.Value!,
                    cell.DataType?.Value,
                    cell.CellValue?.Text,
                    cell.InlineString is { } inline ? Decode(inline.Text?.Text ?? "") : null,
                    Bold: fonts[(int)(style.FontId?.Value ?? 0)].Bold is not null,
                    QuotePrefix: style.QuotePrefix?.Value == true,
                    NumberFormat: numberFormats.GetValueOrDefault(numberFormatId) ?? numberFormatId.ToString(CultureInfo.InvariantCulture),
                    HasFormula: cell.CellFormula is not null));
            }
            rows.Add(cells);
        }
        var pane = part.Worksheet.GetFirstChild<SheetViews>()?.GetFirstChild<SheetView>()?.GetFirstChild<Pane>();
        var widths = part.Worksheet.GetFirstChild<Columns>()?.Elements<Column>().Select(c => c.Width!.Value).ToList() ?? [];
        return new XlsxSheet(sheet.Name!.Value!, rows, pane?.State?.Value == PaneStateValues.Frozen && pane.VerticalSplit?.Value == 1, widths,
            part.Worksheet.GetFirstChild<SheetDimension>()?.Reference?.Value);
    }

    /// <summary>ECMA-376 <c>ST_Xstring</c>: <c>_xHHHH_</c> stands for the character HHHH (so <c>_x005F_</c> is '_').</summary>
    public static string Decode(string text) =>
        EscapedCharacter().Replace(text, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());

    /// <summary>A1 column letters of a 0-based index.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial Regex EscapedCharacter();
}

internal sealed record XlsxSheet(string Name, List<List<XlsxCell>> Rows, bool HeaderFrozen, List<double> Widths, string? Dimension);

/// <param name="Type">The cell's <c>t</c>: null for a number.</param>
/// <param name="Text">An inline string's text, decoded.</param>
internal sealed record XlsxCell(string Reference, DocumentFormat.OpenXml.Spreadsheet.CellValues? Type, string? Value, string? Text, bool Bold, bool QuotePrefix, string NumberFormat, bool HasFormula);
