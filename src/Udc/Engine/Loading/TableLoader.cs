using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>Turns one data file into a table, whatever its format.</summary>
internal static class TableLoader
{
    public static Table Load(string path, SourceFormat format) => Load(path, format, out _);

    /// <param name="contentHash">The SHA-256 of the file's bytes: what was read, whatever the file holds now.</param>
    public static Table Load(string path, SourceFormat format, out byte[] contentHash)
    {
        var fileName = Path.GetFileName(path);
        try
        {
            // The whole file in one array lets the readers run over a single span and slice values out of it.
            var bytes = File.ReadAllBytes(path);
            contentHash = System.Security.Cryptography.SHA256.HashData(bytes);
            return format == SourceFormat.Csv ? CsvTableReader.Read(bytes, fileName) : JsonTableReader.Read(bytes, fileName, recordPerValue: format == SourceFormat.NdJson);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or OutOfMemoryException)
        {
            throw new SourceLoadException(fileName, e.Message, null, null, e);
        }
    }
}
