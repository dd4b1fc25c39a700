namespace Udc.Engine.Snapshots;

/// <summary>
/// The layout of a snapshot file: a 16-byte header (magic, format version), one block per column (its arrays as
/// they lie in memory, little-endian), the metadata (what the snapshot is of, and where each block is with its
/// checksum), and a 32-byte trailer that locates and checks the metadata. Written last, the trailer is what a
/// truncated file lacks.
/// </summary>
internal static class SnapshotFormat
{
    /// <summary>
    /// Raised whenever the layout changes, or what the loader makes of the same bytes (type inference, text repair):
    /// a snapshot of another version is never read, only replaced.
    /// </summary>
    public const uint Version = 1;

    public const string Extension = ".udcsnap";

    public const int HeaderBytes = 16;

    public const int TrailerBytes = 32;

    public static ReadOnlySpan<byte> HeaderMagic => "UDCSNAP\n"u8;

    public static ReadOnlySpan<byte> TrailerMagic => "UDCSNAPE"u8;
}

/// <summary>How a column is stored in its block.</summary>
internal enum SnapshotColumnKind : byte
{
    Int64,
    Double,
    Boolean,
    Timestamp,
    DictionaryString,
    PlainString,
}
