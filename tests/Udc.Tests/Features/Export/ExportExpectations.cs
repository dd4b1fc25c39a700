using System.Globalization;
using System.Text.Json;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Udc.Tests.Features.Export;

/// <summary>What each exported cell must be, given the record /data returns for the same query.</summary>
internal static class ExportExpectations
{
    /// <summary>Excel's cell limit: longer text is clipped in XLSX (CSV keeps it whole).</summary>
    private const int MaxCellChars = 32_767;

    private static readonly long s_firstSerial = new DateTimeOffset(1900, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static bool StartsLikeFormula(string text) => text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal);

    public static void CsvMatches(IReadOnlyList<string> fields, List<JsonElement> expected, List<string> header, List<string[]> rows)
    {
        Assert.Equal(fields, header);
        Assert.Equal(expected.Count, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < fields.Count; c++)
            {
                CsvCell(expected[r].GetProperty(fields[c]), rows[r][c], $"row {r + 1}, column {fields[c]}");
            }
        }
    }

    private static void CsvCell(JsonElement json, string csv, string where)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.True(csv.Length == 0, $"{where}: null must be an empty field, got '{csv}'");
                break;
            case JsonValueKind.String:
                var text = json.GetString()!;
                Assert.True((StartsLikeFormula(text) ? "'" + text : text) == csv, $"{where}: expected '{text}' (neutralised when it starts like a formula), got '{csv}'");
                break;
            case JsonValueKind.Number when json.TryGetInt64(out var integer) && long.TryParse(csv, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                Assert.True(integer == parsed, $"{where}: expected {integer}, got {csv}");
                break;
            case JsonValueKind.Number:
                Assert.True(json.GetDouble() == double.Parse(csv, CultureInfo.InvariantCulture), $"{where}: expected {json.GetRawText()}, got {csv}");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.True(json.GetRawText() == csv, $"{where}: expected {json.GetRawText()}, got {csv}");
                break;
            default:
                Assert.Fail($"{where}: unexpected JSON {json.ValueKind}");
                break;
        }
    }

    /// <param name="types">Column types as /sources/{source} names them.</param>
    public static void XlsxMatches(IReadOnlyList<string> fields, IReadOnlyDictionary<string, string> types, List<JsonElement> expected, XlsxSheet sheet)
    {
        Assert.Equal(expected.Count + 1, sheet.Rows.Count);
        var header = sheet.Rows[0];
        Assert.Equal(fields, header.Select(c => c.Text));
        Assert.All(header, c => Assert.True(c.Bold && c.Type == CellValues.InlineString, $"header cell {c.Reference} must be bold text"));
        Assert.True(sheet.HeaderFrozen, "the header row must be frozen");
        Assert.Equal(fields.Count, sheet.Widths.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            var cells = sheet.Rows[r + 1].ToDictionary(c => c.Reference);
            Assert.All(cells.Values, c => Assert.False(c.HasFormula, $"{c.Reference} has a formula"));
            for (var c = 0; c < fields.Count; c++)
            {
                var reference = ExportFiles.ColumnName(c) + (r + 2).ToString(CultureInfo.InvariantCulture);
                XlsxCell(expected[r].GetProperty(fields[c]), cells.GetValueOrDefault(reference), types[fields[c]], $"{reference} ({fields[c]})");
            }
            Assert.True(cells.Count <= fields.Count, $"row {r + 2} has cells past the fields");
        }
    }

    private static void XlsxCell(JsonElement json, XlsxCell? cell, string type, string where)
    {
        if (json.ValueKind == JsonValueKind.Null)
        {
            Assert.True(cell is null, $"{where}: a null must be no cell, got {cell}");
            return;
        }
        Assert.True(cell is not null, $"{where}: missing, expected {json.GetRawText()}");
        switch (type)
        {
            case "string":
                var text = json.GetString()!;
                Text(cell, Clip(text), StartsLikeFormula(text), where);
                break;
            case "integer" when json.GetInt64() is < -(1L << 53) or > 1L << 53:
                // Past 2^53 a spreadsheet number would lose digits: the exact digits are text.
                Text(cell, json.GetRawText(), expectQuotePrefix: true, where);
                break;
            case "integer":
                Assert.True(cell.Type is null && long.Parse(cell.Value!, CultureInfo.InvariantCulture) == json.GetInt64(), $"{where}: expected the number {json.GetInt64()}, got {cell}");
                break;
            case "number":
                Assert.True(cell.Type is null && double.Parse(cell.Value!, CultureInfo.InvariantCulture) == json.GetDouble(), $"{where}: expected the number {json.GetRawText()}, got {cell}");
                break;
            case "boolean":
                Assert.True(cell.Type == CellValues.Boolean && cell.Value == (json.GetBoolean() ? "1" : "0"), $"{where}: expected the boolean {json.GetRawText()}, got {cell}");
                break;
            case "timestamp":
                Timestamp(json.GetString()!, cell, where);
                break;
            default:
                Assert.Fail($"{where}: unknown column type {type}");
                break;
        }
    }

    private static void Text(XlsxCell cell, string expected, bool expectQuotePrefix, string where)
    {
        Assert.True(cell.Type == CellValues.InlineString, $"{where}: expected text, got {cell}");
        Assert.True(expected == cell.Text, $"{where}: expected '{expected}', got '{cell.Text}'");
        Assert.True(expectQuotePrefix == cell.QuotePrefix, $"{where}: quote prefix must be {expectQuotePrefix} for '{expected}'");
    }

    /// <summary>A date as Excel's serial day number with a date format; before 1 March 1900, the /data text.</summary>
    private static void Timestamp(string text, XlsxCell cell, string where)
    {
        var instant = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var milliseconds = instant.ToUnixTimeMilliseconds();
        if (milliseconds < s_firstSerial)
        {
            Text(cell, text, expectQuotePrefix: true, where);
            return;
        }
        Assert.True(cell.Type is null, $"{where}: a timestamp must be a number, got {cell}");
        var serial = double.Parse(cell.Value!, CultureInfo.InvariantCulture);
        Assert.True(milliseconds / 86_400_000d + 25_569 == serial, $"{where}: {text} must be serial {milliseconds / 86_400_000d + 25_569}, got {serial}");
        Assert.True(Math.Abs((DateTime.FromOADate(serial) - instant.UtcDateTime).TotalMilliseconds) <= 1, $"{where}: serial {serial} reads as {DateTime.FromOADate(serial):O}, not {text}");
        var expectedFormat = text.Length == 10 ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm:ss";
        Assert.True(expectedFormat == cell.NumberFormat, $"{where}: format must be {expectedFormat}, got {cell.NumberFormat}");
    }

    private static string Clip(string text)
    {
        if (text.Length <= MaxCellChars)
        {
            return text;
        }
        var cut = char.IsHighSurrogate(text[MaxCellChars - 1]) ? MaxCellChars - 1 : MaxCellChars;
        return text[..cut];
    }
}
