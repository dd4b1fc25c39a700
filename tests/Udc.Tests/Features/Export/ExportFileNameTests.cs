using Udc.Features.Export;
using Udc.Features.Export.Xlsx;

namespace Udc.Tests.Features.Export;

public sealed class ExportFileNameTests
{
    private static readonly DateTimeOffset s_exportedAt = new(2024, 3, 15, 23, 30, 0, TimeSpan.FromHours(-5));

    [Theory]
    [InlineData("support", "csv", "support-2024-03-16.csv")]
    [InlineData("crm", "xlsx", "crm-2024-03-16.xlsx")]
    [InlineData("analytics", "ndjson", "analytics-2024-03-16.ndjson")]
    [InlineData("a/b\\c:d*e?f\"g<h>i|j", "csv", "a_b_c_d_e_f_g_h_i_j-2024-03-16.csv")]
    [InlineData("..", "csv", "export-2024-03-16.csv")]
    [InlineData("ventes été", "csv", "ventes été-2024-03-16.csv")]
    public void For_Source_IsSourceAndUtcDate(string source, string format, string expected)
    {
        Assert.True(ExportFormats.TryParse(format, out var parsed));
        Assert.Equal(expected, ExportFileName.For(source, s_exportedAt, parsed));
    }

    [Fact]
    public void ContentDisposition_NonAsciiName_HasAsciiFallbackAndExactName()
    {
        var header = ExportFileName.ContentDisposition("ventes été-2024-03-16.csv");

        Assert.StartsWith("attachment; filename=", header, StringComparison.Ordinal);
        Assert.Contains("filename*=UTF-8''ventes%20%C3%A9t%C3%A9-2024-03-16.csv", header, StringComparison.Ordinal);
        Assert.True(header.All(c => c < 128), header);
    }

    [Theory]
    [InlineData("support", "support")]
    [InlineData("a[b]c:d/e\\f?g*h", "a_b_c_d_e_f_g_h")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("a_source_name_longer_than_thirty_one_characters", "a_source_name_longer_than_thirt")]
    [InlineData("''", "export")]
    public void SheetName_Source_IsWhatExcelAccepts(string source, string expected)
    {
        Assert.Equal(expected, XlsxPackage.SheetName(source));
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    [InlineData(16_383, "XFD")]
    public void ColumnLetters_Index_IsA1Name(int index, string expected)
    {
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(CellReference.ColumnLetters(index)));
    }
}
