using Udc.Hosting;

namespace Udc.Features.Export;

/// <summary>How large an export may be. Read once at start; a value UDC cannot use stops the start.</summary>
/// <param name="MaxRows">Rows an export may hold (<c>UDC_EXPORT_MAX_ROWS</c>); a larger match is refused, not cut.</param>
internal sealed record ExportSettings(int MaxRows)
{
    public const string MaxRowsSetting = "UDC_EXPORT_MAX_ROWS";

    /// <summary>A million rows of a six-column source is 63 MB of CSV, written in half a second (bench/RESULTS.md); Excel opens up to 1,048,576.</summary>
    public const int DefaultMaxRows = 1_000_000;

    public static ExportSettings Default { get; } = new(DefaultMaxRows);

    public static ExportSettings Read(SettingsReader reader) => new(reader.Int(MaxRowsSetting, DefaultMaxRows, 1, int.MaxValue));

    /// <summary>The cap for one format: a worksheet holds 1,048,576 rows, one of which is the header.</summary>
    public int MaxRowsFor(ExportFormat format) => format == ExportFormat.Xlsx ? Math.Min(MaxRows, Xlsx.XlsxLimits.MaxDataRows) : MaxRows;
}
