namespace Udc.Engine.Loading;

/// <summary>A data file that cannot be read as a table, with where in the file the problem is.</summary>
internal sealed class SourceLoadException(string fileName, string reason, long? line, long? bytePosition, Exception? inner = null)
    : Exception(Describe(fileName, reason, line, bytePosition), inner)
{
    public string FileName { get; } = fileName;

    /// <summary>1-based line of the problem, when known.</summary>
    public long? Line { get; } = line;

    /// <summary>0-based byte position within the line (JSON) or the file, when known.</summary>
    public long? BytePosition { get; } = bytePosition;

    private static string Describe(string fileName, string reason, long? line, long? bytePosition)
    {
        var where = (line, bytePosition) switch
        {
            (not null, not null) => $" at line {line}, byte {bytePosition}",
            (not null, null) => $" at line {line}",
            (null, not null) => $" at byte {bytePosition}",
            _ => "",
        };
        return $"{fileName}{where}: {reason}";
    }
}
