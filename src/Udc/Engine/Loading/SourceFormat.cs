namespace Udc.Engine.Loading;

internal enum SourceFormat
{
    /// <summary>A JSON array of records, one record object, an object wrapping an array, or concatenated records.</summary>
    Json,

    /// <summary>One JSON record per line (<c>.ndjson</c>, <c>.jsonl</c>).</summary>
    NdJson,

    Csv,

    /// <summary>Records a connector ingested, held in the database rather than a file of the data folder.</summary>
    Ingested,
}

internal static class SourceFormats
{
    /// <summary>The format of a data file by its extension, or null when it is not a data file.</summary>
    public static SourceFormat? FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => SourceFormat.Json,
        ".ndjson" or ".jsonl" => SourceFormat.NdJson,
        ".csv" => SourceFormat.Csv,
        _ => null,
    };
}
