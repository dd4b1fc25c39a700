namespace Udc.Features.Export.Xlsx;

/// <summary>
/// The fixed parts of a one-sheet SpreadsheetML package (ECMA-376): content types, relationships, the
/// workbook and the styles. Only the worksheet, and the sheet name in the workbook, vary per export.
/// </summary>
internal static class XlsxPackage
{
    public const string ContentTypesPath = "[Content_Types].xml";
    public const string RootRelationshipsPath = "_rels/.rels";
    public const string WorkbookPath = "xl/workbook.xml";
    public const string WorkbookRelationshipsPath = "xl/_rels/workbook.xml.rels";
    public const string StylesPath = "xl/styles.xml";
    public const string SheetPath = "xl/worksheets/sheet1.xml";

    public static ReadOnlySpan<byte> Declaration => "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"u8;

    public static ReadOnlySpan<byte> ContentTypes =>
        """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
        """u8;

    public static ReadOnlySpan<byte> RootRelationships =>
        """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """u8;

    public static ReadOnlySpan<byte> WorkbookRelationships =>
        """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """u8;

    public static ReadOnlySpan<byte> WorkbookStart =>
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\""u8;

    public static ReadOnlySpan<byte> WorkbookEnd => "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"u8;

    /// <summary>
    /// Fonts: regular and bold. Number formats: 164 a date, 165 a date and time (ISO order, so no locale
    /// reads 03-04 as April 3), 49 text. <c>cellXfs</c> in the order of <see cref="XlsxStyle"/>.
    /// </summary>
    public static ReadOnlySpan<byte> Styles =>
        """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1" quotePrefix="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """u8;

    /// <summary>A sheet name without the characters Excel refuses (<c>: \ / ? * [ ]</c>), nor XML's, at most 31 characters.</summary>
    public static string SheetName(string source)
    {
        Span<char> name = stackalloc char[Math.Min(source.Length, XlsxLimits.MaxSheetNameLength)];
        for (var i = 0; i < name.Length; i++)
        {
            var c = source[i];
            name[i] = c is ':' or '\\' or '/' or '?' or '*' or '[' or ']' or '"' or '<' or '>' or '&' || char.IsControl(c) ? '_' : c;
        }
        if (name.Length > 0 && char.IsHighSurrogate(name[^1]))
        {
            // Clipping at 31 cut a surrogate pair in two.
            name = name[..^1];
        }
        var trimmed = name.Trim('\'').ToString();
        return trimmed.Length == 0 ? "export" : trimmed;
    }
}
