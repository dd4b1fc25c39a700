using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>Turns one data file into a table, whatever its format.</summary>
internal static class TableLoader
{
    /// <summary>Reads a file on its own, checked as a file of the folder it lies in.</summary>
    public static Table Load(string path, SourceFormat format)
    {
        var bytes = DataFile.ReadAllBytes(DataFile.RealFolder(Path.GetDirectoryName(Path.GetFullPath(path))!), path, out _);
        return Read(bytes, Path.GetFileName(path), format, out _);
    }

    /// <param name="bytes">The file's bytes, as <see cref="DataFile.ReadAllBytes"/> read them.</param>
    /// <param name="contentHash">The SHA-256 of those bytes.</param>
    /// <exception cref="SourceLoadException">The bytes are not a table; an empty file is not one either.</exception>
    public static Table Read(byte[] bytes, string fileName, SourceFormat format, out byte[] contentHash)
    {
        // A 0-byte file is what a file looks like between a writer's truncate and its first write, so it is never
        // taken for data: an empty source is written as "[]", a single newline (NDJSON) or a header row (CSV).
        if (bytes.Length == 0)
        {
            throw new SourceLoadException(fileName, "the file is empty (0 bytes), as a file is while it is being rewritten; an empty source is written as [] (JSON), one newline (NDJSON) or a header row (CSV)", null, null);
        }
        try
        {
            contentHash = System.Security.Cryptography.SHA256.HashData(bytes);
            return format == SourceFormat.Csv ? CsvTableReader.Read(bytes, fileName) : JsonTableReader.Read(bytes, fileName, recordPerValue: format == SourceFormat.NdJson);
        }
        catch (Exception e) when (e is InvalidDataException or OutOfMemoryException)
        {
            throw new SourceLoadException(fileName, e.Message, null, null, e);
        }
    }
}
