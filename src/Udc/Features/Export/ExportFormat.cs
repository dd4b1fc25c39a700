namespace Udc.Features.Export;

/// <summary>The file formats of <c>/export/{source}</c>, named as in <c>export_format</c>.</summary>
internal enum ExportFormat
{
    Csv,
    Xlsx,
    Ndjson,
}

internal static class ExportFormats
{
    public const string Parameter = "export_format";

    /// <summary>The seed's default: a bare <c>/export/crm</c> is a CSV file.</summary>
    public const ExportFormat Default = ExportFormat.Csv;

    public const string Names = "csv, xlsx, ndjson";

    public static bool TryParse(string text, out ExportFormat format)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "csv":
                format = ExportFormat.Csv;
                return true;
            case "xlsx":
                format = ExportFormat.Xlsx;
                return true;
            case "ndjson" or "jsonl":
                format = ExportFormat.Ndjson;
                return true;
            default:
                format = Default;
                return false;
        }
    }

    public static string Extension(this ExportFormat format) => format switch
    {
        ExportFormat.Csv => "csv",
        ExportFormat.Xlsx => "xlsx",
        _ => "ndjson",
    };

    public static string ContentType(this ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => Data.NdjsonResponse.ContentType,
    };
}
