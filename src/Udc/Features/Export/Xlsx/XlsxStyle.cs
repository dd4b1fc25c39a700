namespace Udc.Features.Export.Xlsx;

/// <summary>Indices into <c>cellXfs</c> of <see cref="XlsxPackage.Styles"/>; the order there must match.</summary>
internal static class XlsxStyle
{
    public const int General = 0;
    public const int Header = 1;
    public const int Date = 2;
    public const int DateTime = 3;

    /// <summary>Text format with Excel's quote prefix: shown and kept as text even when it starts like a formula.</summary>
    public const int Text = 4;

    public const int HeaderText = 5;
}
