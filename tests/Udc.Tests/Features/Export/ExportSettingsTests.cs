using Udc.Features.Export;
using Udc.Hosting;

namespace Udc.Tests.Features.Export;

public sealed class ExportSettingsTests
{
    [Fact]
    public void MaxRows_Unset_IsOneMillion()
    {
        Assert.Equal(1_000_000, Read(null).MaxRows);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 250000 ", 250_000)]
    [InlineData("2147483647", int.MaxValue)]
    public void MaxRows_Set_IsRead(string text, int expected)
    {
        Assert.Equal(expected, Read(text).MaxRows);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1e6")]
    [InlineData("lots")]
    [InlineData("2147483648")]
    public void MaxRows_Invalid_StopsTheStartNamingTheSetting(string text)
    {
        var error = Assert.Throws<SettingsException>(() => Read(text));

        Assert.Contains("UDC_EXPORT_MAX_ROWS", error.Message, StringComparison.Ordinal);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxRowsFor_Xlsx_IsAtMostOneSheet()
    {
        var settings = new ExportSettings(5_000_000);

        Assert.Equal(1_048_575, settings.MaxRowsFor(ExportFormat.Xlsx));
        Assert.Equal(5_000_000, settings.MaxRowsFor(ExportFormat.Csv));
        Assert.Equal(10, new ExportSettings(10).MaxRowsFor(ExportFormat.Xlsx));
    }

    /// <summary>Through the one settings reader, as the server reads it: every error at once, then a throw.</summary>
    private static ExportSettings Read(string? value) =>
        UdcSettings.Read(name => name == ExportSettings.MaxRowsSetting ? value : null, "/data", "http://127.0.0.1:8000").Export;
}
