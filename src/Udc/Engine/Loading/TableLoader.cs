using System.IO.Hashing;
using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>Turns one data file into a table, whatever its format.</summary>
internal static class TableLoader
{
    /// <summary>Reads a file on its own, checked as a file of the folder it lies in.</summary>
    public static Table Load(string path, SourceFormat format, LoadOptions? options = null)
    {
        var bytes = DataFile.ReadAllBytes(DataFile.RealFolder(Path.GetDirectoryName(Path.GetFullPath(path))!), path, out _);
        return Read(bytes, Path.GetFileName(path), format, out _, options);
    }

    /// <param name="bytes">The file's bytes, as <see cref="DataFile.ReadAllBytes"/> read them.</param>
    /// <param name="contentHash">The <see cref="ContentHash"/> of those bytes.</param>
    /// <param name="options">Cores and progress; by default every core, without progress.</param>
    /// <exception cref="SourceLoadException">The bytes are not a table; an empty file is not one either.</exception>
    public static Table Read(byte[] bytes, string fileName, SourceFormat format, out byte[] contentHash, LoadOptions? options = null)
    {
        // A 0-byte file is what a file looks like between a writer's truncate and its first write, so it is never
        // taken for data: an empty source is written as "[]", a single newline (NDJSON) or a header row (CSV).
        if (bytes.Length == 0)
        {
            throw new SourceLoadException(fileName, "the file is empty (0 bytes), as a file is while it is being rewritten; an empty source is written as [] (JSON), one newline (NDJSON) or a header row (CSV)", null, null);
        }
        try
        {
            contentHash = ContentHash(bytes);
            return format == SourceFormat.Csv
                ? CsvTableReader.Read(bytes, fileName, options)
                : JsonTableReader.Read(bytes, fileName, recordPerValue: format == SourceFormat.NdJson, options);
        }
        catch (Exception e) when (e is InvalidDataException or OutOfMemoryException)
        {
            throw new SourceLoadException(fileName, e.Message, null, null, e);
        }
    }

    /// <summary>
    /// What identifies a file's bytes: XXH128, which reads memory at several GB/s where SHA-256 manages about
    /// one and a half (80 ms more on the 195 MB of a million tickets). It names content for caches and
    /// snapshots, which nobody gains by forging: whoever can write a data file can change the data anyway.
    /// </summary>
    public static byte[] ContentHash(ReadOnlySpan<byte> bytes) => XxHash128.Hash(bytes);
}
