using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Engine.Snapshots;

/// <summary>
/// An open snapshot file whose header, trailer and metadata have been checked. Its columns are read only on
/// <see cref="ReadTable"/>, each block straight into the arrays the columns keep, on every core, and checked against
/// its checksum and shape before any column is made of it: a damaged snapshot is rejected whole, never served.
/// </summary>
internal sealed partial class SnapshotReader : IDisposable
{
    private readonly SafeFileHandle _handle;

    private SnapshotReader(SafeFileHandle handle, long length, SnapshotMetadata metadata)
    {
        _handle = handle;
        Length = length;
        Metadata = metadata;
    }

    public long Length { get; }

    public SnapshotMetadata Metadata { get; }

    /// <summary>The snapshot at <paramref name="path"/>, or null with why not (null too when there is none).</summary>
    public static SnapshotReader? Open(string path, out string? problem)
    {
        problem = null;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            var length = RandomAccess.GetLength(handle);
            var metadata = ReadMetadata(handle, length, out problem);
            if (metadata is not null)
            {
                return new SnapshotReader(handle, length, metadata);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"unreadable: {e.Message}";
        }
        handle.Dispose();
        return null;
    }

    public void Dispose() => _handle.Dispose();

    private static SnapshotMetadata? ReadMetadata(SafeFileHandle handle, long length, out string? problem)
    {
        if (length < SnapshotFormat.HeaderBytes + SnapshotFormat.TrailerBytes)
        {
            problem = $"truncated ({length} bytes)";
            return null;
        }
        Span<byte> header = stackalloc byte[SnapshotFormat.HeaderBytes];
        ReadExactly(handle, header, 0);
        if (!header[..8].SequenceEqual(SnapshotFormat.HeaderMagic))
        {
            problem = "not a snapshot file";
            return null;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) is var version and not SnapshotFormat.Version)
        {
            problem = $"format version {version}, and this UDC reads version {SnapshotFormat.Version}";
            return null;
        }
        Span<byte> trailer = stackalloc byte[SnapshotFormat.TrailerBytes];
        ReadExactly(handle, trailer, length - SnapshotFormat.TrailerBytes);
        var metadataOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        var metadataLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer[8..]);
        if (!trailer[24..].SequenceEqual(SnapshotFormat.TrailerMagic) || BinaryPrimitives.ReadUInt32LittleEndian(trailer[12..]) != SnapshotFormat.Version
            || metadataOffset < SnapshotFormat.HeaderBytes || metadataOffset + metadataLength + SnapshotFormat.TrailerBytes != length)
        {
            problem = "truncated or incomplete (no valid trailer)";
            return null;
        }
        var bytes = new byte[metadataLength];
        ReadExactly(handle, bytes, metadataOffset);
        if (XxHash3.HashToUInt64(bytes) != BinaryPrimitives.ReadUInt64LittleEndian(trailer[16..]))
        {
            problem = "metadata checksum mismatch";
            return null;
        }
        try
        {
            var metadata = SnapshotMetadata.Decode(bytes);
            if (metadata.Columns.Any(c => c.BlockOffset < SnapshotFormat.HeaderBytes || c.BlockLength < 0 || c.BlockOffset + c.BlockLength > metadataOffset))
            {
                problem = "a column block lies outside the file";
                return null;
            }
            problem = null;
            return metadata;
        }
        catch (InvalidDataException e)
        {
            problem = $"unreadable metadata: {e.Message}";
            return null;
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw new EndOfStreamException("the file ends early");
            }
            buffer = buffer[read..];
            offset += read;
        }
    }

    /// <summary>Every column, read in parallel and checked.</summary>
    /// <exception cref="InvalidDataException">A block does not match its checksum or its shape.</exception>
    public Table ReadTable(LoadProgress? progress)
    {
        progress?.Begin(LoadPhase.ReadingSnapshot, Length);
        var columns = new Column[Metadata.Columns.Count];
        ParallelLoops.For(columns.Length, i => columns[i] = ReadColumn(Metadata.Columns[i], Metadata.RowCount, progress));
        return new Table(columns, Metadata.RowCount, Metadata.IsNested);
    }
}
