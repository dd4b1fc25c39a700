namespace Udc.Features.Export.Xlsx;

/// <summary>What Excel accepts in one worksheet ("Excel specifications and limits").</summary>
internal static class XlsxLimits
{
    /// <summary>1,048,576 rows a sheet, one of them the header.</summary>
    public const int MaxDataRows = 1_048_575;

    public const int MaxColumns = 16_384;

    /// <summary>Characters (UTF-16 code units) a cell may hold; Excel refuses to open a file with a longer one.</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>A sheet name is at most 31 characters.</summary>
    public const int MaxSheetNameLength = 31;
}
