using System.IO.Compression;
using System.Text;
using Udc.Engine.Columns;
using Udc.Engine.Query;

namespace Udc.Features.Export.Xlsx;

/// <summary>
/// Streams a query result as a one-sheet XLSX workbook: a bold, frozen header row, typed cells (numbers,
/// booleans, timestamps as dates with a date format, text as inline strings) and column widths sized to
/// content. Rows go straight from the columns into the deflate stream, so memory stays flat: no shared
/// strings table, no document model.
/// </summary>
internal static class XlsxExport
{
    /// <summary>Days from Excel's day 0 (1899-12-30) to the Unix epoch.</summary>
    private const double UnixEpochSerial = 25_569;

    /// <summary>
    /// Excel counts a 29 February 1900 that never was, so its serials are right only from 1 March 1900; earlier
    /// instants, and those past 9999, are written as text.
    /// </summary>
    private static readonly long s_firstSerialMilliseconds = new DateTimeOffset(1900, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly long s_lastSerialMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Integers past 2^53 would lose digits as Excel's doubles, so they are written as text.</summary>
    private const long MaxExactInteger = 1L << 53;

    public static async Task WriteAsync(QueryResult result, string sheetName, ResponseBodyStream body)
    {
        var fields = result.Spec.Fields;
        using (var zip = new ZipArchive(body, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            WritePart(zip, XlsxPackage.ContentTypesPath, XlsxPackage.ContentTypes);
            WritePart(zip, XlsxPackage.RootRelationshipsPath, XlsxPackage.RootRelationships);
            WriteWorkbook(zip, sheetName);
            WritePart(zip, XlsxPackage.WorkbookRelationshipsPath, XlsxPackage.WorkbookRelationships);
            WritePart(zip, XlsxPackage.StylesPath, XlsxPackage.Styles);
            await body.FlushIfFullAsync();

            // Fastest deflate: a 1,000,000-row sheet (284 MB of XML) still shrinks 4.4-fold and the export takes
            // 1.2 s; Optimal shrinks it 7.6-fold but takes 2.9 s of a core (bench/RESULTS.md, Exports).
            var entry = zip.CreateEntry(XlsxPackage.SheetPath, CompressionLevel.Fastest);
            await using var sheet = entry.Open();
            using var xml = new SheetXmlWriter(sheet);
            // Column widths come from the first part: a database stream's later parts are not read yet.
            WriteSheetStart(xml, fields, result.Rows);
            var letters = fields.Select((_, c) => CellReference.ColumnLetters(c)).ToArray();
            var sheetRow = 2;
            foreach (var part in result.Parts())
            {
                var partFields = part.Spec.Fields;
                var rowCount = part.Rows.Length;
                for (var i = 0; i < rowCount; i++)
                {
                    WriteRow(xml, partFields, letters, part.Rows[i], sheetRow++);
                    if (xml.Buffered >= SheetXmlWriter.BufferSize / 2)
                    {
                        xml.Flush();
                        await body.FlushIfFullAsync();
                    }
                }
            }
            xml.Raw("</sheetData></worksheet>"u8);
            xml.Flush();
        }
        await body.FlushAsync();
    }

    private static void WritePart(ZipArchive zip, string path, ReadOnlySpan<byte> content)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        stream.Write(XlsxPackage.Declaration);
        stream.Write(content);
    }

    private static void WriteWorkbook(ZipArchive zip, string sheetName)
    {
        using var stream = zip.CreateEntry(XlsxPackage.WorkbookPath, CompressionLevel.Fastest).Open();
        using var xml = new SheetXmlWriter(stream);
        xml.Raw(XlsxPackage.Declaration);
        xml.Raw(XlsxPackage.WorkbookStart);
        xml.Text(Encoding.UTF8.GetBytes(sheetName));
        xml.Raw(XlsxPackage.WorkbookEnd);
        xml.Flush();
    }

    /// <summary>Everything before the first data row: dimension, frozen header pane, widths, header cells.</summary>
    private static void WriteSheetStart(SheetXmlWriter xml, IReadOnlyList<Column> fields, ReadOnlySpan<int> rows)
    {
        xml.Raw(XlsxPackage.Declaration);
        xml.Raw("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1"u8);
        if (fields.Count > 0)
        {
            xml.Raw(":"u8);
            xml.Raw(CellReference.ColumnLetters(fields.Count - 1));
            xml.Number(rows.Length + 1);
        }
        xml.Raw("\"/><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"u8);
        if (fields.Count > 0)
        {
            var widths = ColumnWidths.Measure(fields, rows);
            xml.Raw("<cols>"u8);
            for (var c = 0; c < widths.Length; c++)
            {
                xml.Raw("<col min=\""u8);
                xml.Number(c + 1);
                xml.Raw("\" max=\""u8);
                xml.Number(c + 1);
                xml.Raw("\" width=\""u8);
                xml.Number(widths[c]);
                xml.Raw("\" customWidth=\"1\"/>"u8);
            }
            xml.Raw("</cols>"u8);
        }
        xml.Raw("<sheetData>"u8);
        if (fields.Count == 0)
        {
            return;
        }
        xml.Raw("<row r=\"1\">"u8);
        for (var c = 0; c < fields.Count; c++)
        {
            var name = Encoding.UTF8.GetBytes(fields[c].Name);
            StartCell(xml, CellReference.ColumnLetters(c), 1, FormulaText.StartsLikeFormula(name) ? XlsxStyle.HeaderText : XlsxStyle.Header, "inlineStr"u8);
            InlineText(xml, name);
        }
        xml.Raw("</row>"u8);
    }

    private static void WriteRow(SheetXmlWriter xml, IReadOnlyList<Column> fields, byte[][] letters, int row, int rowNumber)
    {
        xml.Raw("<row r=\""u8);
        xml.Number(rowNumber);
        xml.Raw("\">"u8);
        for (var c = 0; c < fields.Count; c++)
        {
            var column = fields[c];
            if (column.IsNull(row))
            {
                continue;
            }
            switch (column)
            {
                case StringColumn text:
                    var utf8 = text.GetUtf8(row);
                    StartCell(xml, letters[c], rowNumber, FormulaText.StartsLikeFormula(utf8) ? XlsxStyle.Text : XlsxStyle.General, "inlineStr"u8);
                    InlineText(xml, utf8);
                    break;
                case Int64Column integers when integers[row] is >= -MaxExactInteger and <= MaxExactInteger:
                    StartCell(xml, letters[c], rowNumber, XlsxStyle.General, default);
                    NumberValue(xml, integers[row]);
                    break;
                case DoubleColumn reals when double.IsFinite(reals[row]):
                    StartCell(xml, letters[c], rowNumber, XlsxStyle.General, default);
                    xml.Raw("<v>"u8);
                    xml.Number(reals[row]);
                    xml.Raw("</v></c>"u8);
                    break;
                case BooleanColumn booleans:
                    StartCell(xml, letters[c], rowNumber, XlsxStyle.General, "b"u8);
                    xml.Raw(booleans[row] ? "<v>1</v></c>"u8 : "<v>0</v></c>"u8);
                    break;
                case TimestampColumn times when times[row] >= s_firstSerialMilliseconds && times[row] <= s_lastSerialMilliseconds:
                    StartCell(xml, letters[c], rowNumber, times.DateOnly ? XlsxStyle.Date : XlsxStyle.DateTime, default);
                    xml.Raw("<v>"u8);
                    xml.Number(times[row] / (double)TimeSpan.MillisecondsPerDay + UnixEpochSerial);
                    xml.Raw("</v></c>"u8);
                    break;
                default:
                    // Values a spreadsheet number cannot hold exactly keep their /data text.
                    var fallback = Encoding.UTF8.GetBytes(column.FormatText(row)!);
                    StartCell(xml, letters[c], rowNumber, XlsxStyle.Text, "inlineStr"u8);
                    InlineText(xml, fallback);
                    break;
            }
        }
        xml.Raw("</row>"u8);
    }

    private static void StartCell(SheetXmlWriter xml, byte[] letters, int rowNumber, int style, ReadOnlySpan<byte> type)
    {
        xml.Raw("<c r=\""u8);
        xml.Raw(letters);
        xml.Number(rowNumber);
        if (style != XlsxStyle.General)
        {
            xml.Raw("\" s=\""u8);
            xml.Number(style);
        }
        if (!type.IsEmpty)
        {
            xml.Raw("\" t=\""u8);
            xml.Raw(type);
        }
        xml.Raw("\">"u8);
    }

    private static void NumberValue(SheetXmlWriter xml, long value)
    {
        xml.Raw("<v>"u8);
        xml.Number(value);
        xml.Raw("</v></c>"u8);
    }

    /// <summary>An inline string; <c>xml:space</c> keeps spaces at either end, which XML would otherwise let a reader drop.</summary>
    private static void InlineText(SheetXmlWriter xml, ReadOnlySpan<byte> utf8)
    {
        var text = SheetXmlWriter.ClipToCell(utf8);
        var keepSpaces = !text.IsEmpty && (IsSpace(text[0]) || IsSpace(text[^1]));
        xml.Raw(keepSpaces ? "<is><t xml:space=\"preserve\">"u8 : "<is><t>"u8);
        xml.Text(text);
        xml.Raw("</t></is></c>"u8);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
