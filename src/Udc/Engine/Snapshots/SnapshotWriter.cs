using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Udc.Engine.Columns;

namespace Udc.Engine.Snapshots;

/// <summary>
/// Writes a table as a snapshot file: each column's arrays copied as they are, with an XXH3 checksum per block.
/// The file is created at its final size up front, so a full disk fails the write before a byte is written.
/// </summary>
internal static class SnapshotWriter
{
    /// <summary>The size of the file <see cref="Write"/> makes, worked out without writing.</summary>
    public static long SizeOf(SnapshotKey key, Table table)
    {
        var (entries, end) = Layout(table);
        return end + new SnapshotMetadata(key, table.RowCount, table.IsNested, entries).Encode().Length + SnapshotFormat.TrailerBytes;
    }

    /// <summary>Writes a new file at <paramref name="path"/>, which must not exist; returns its size.</summary>
    public static long Write(string path, SnapshotKey key, Table table)
    {
        var (entries, end) = Layout(table);
        var metadataLength = new SnapshotMetadata(key, table.RowCount, table.IsNested, entries).Encode().Length;
        var size = end + metadataLength + SnapshotFormat.TrailerBytes;
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocationSize: size);

        Span<byte> header = stackalloc byte[SnapshotFormat.HeaderBytes];
        header.Clear();
        SnapshotFormat.HeaderMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], SnapshotFormat.Version);
        RandomAccess.Write(handle, header, 0);

        for (var i = 0; i < entries.Length; i++)
        {
            var block = new BlockWriter(handle, entries[i].BlockOffset);
            WriteBlock(ref block, table.Columns[i]);
            entries[i] = entries[i] with { Checksum = block.Checksum };
        }

        var metadata = new SnapshotMetadata(key, table.RowCount, table.IsNested, entries).Encode();
        RandomAccess.Write(handle, metadata, end);
        Span<byte> trailer = stackalloc byte[SnapshotFormat.TrailerBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, (ulong)end);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[8..], (uint)metadata.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[12..], SnapshotFormat.Version);
        BinaryPrimitives.WriteUInt64LittleEndian(trailer[16..], XxHash3.HashToUInt64(metadata));
        SnapshotFormat.TrailerMagic.CopyTo(trailer[24..]);
        RandomAccess.Write(handle, trailer, end + metadata.Length);
        return size;
    }

    /// <summary>Each column's entry with its block's place and length (checksums to come), and where the blocks end.</summary>
    private static (SnapshotColumnEntry[] Entries, long End) Layout(Table table)
    {
        var entries = new SnapshotColumnEntry[table.Columns.Count];
        long offset = SnapshotFormat.HeaderBytes;
        for (var i = 0; i < entries.Length; i++)
        {
            var column = table.Columns[i];
            var (kind, entryCount, length) = column switch
            {
                Int64Column c => (SnapshotColumnKind.Int64, 0, 8L * c.RowCount),
                DoubleColumn c => (SnapshotColumnKind.Double, 0, 8L * c.RowCount),
                BooleanColumn c => (SnapshotColumnKind.Boolean, 0, (long)c.RowCount),
                TimestampColumn c => (SnapshotColumnKind.Timestamp, 0, 8L * c.RowCount),
                DictionaryStringColumn c => (SnapshotColumnKind.DictionaryString, c.DistinctCount, 4L * c.RowCount + 4L * (c.DistinctCount + 1) + EntryBytes(c)),
                PlainStringColumn c => (SnapshotColumnKind.PlainString, 0, 4L * (c.RowCount + 1) + c.Blob.Length),
                _ => throw new NotSupportedException($"column type {column.GetType().Name}"),
            };
            length += column.Nulls.HasNulls ? 8L * column.Nulls.Bits.Length : 0;
            entries[i] = new SnapshotColumnEntry(column.Name, kind, column is TimestampColumn { DateOnly: true }, column.Nulls.NullCount, entryCount, offset, length, 0);
            offset += length;
        }
        return (entries, offset);
    }

    private static long EntryBytes(DictionaryStringColumn column)
    {
        long bytes = 0;
        for (var code = 0; code < column.DistinctCount; code++)
        {
            bytes += column.GetEntryUtf8(code).Length;
        }
        return bytes;
    }

    private static void WriteBlock(ref BlockWriter block, Column column)
    {
        if (column.Nulls.HasNulls)
        {
            block.Write(MemoryMarshal.AsBytes(column.Nulls.Bits));
        }
        switch (column)
        {
            case Int64Column c:
                block.Write(MemoryMarshal.AsBytes(c.Values));
                break;
            case DoubleColumn c:
                block.Write(MemoryMarshal.AsBytes(c.Values));
                break;
            case BooleanColumn c:
                block.Write(MemoryMarshal.AsBytes(c.Values));
                break;
            case TimestampColumn c:
                block.Write(MemoryMarshal.AsBytes(c.Values));
                break;
            case DictionaryStringColumn c:
                block.Write(MemoryMarshal.AsBytes(c.Codes));
                var offsets = new int[c.DistinctCount + 1];
                for (var code = 0; code < c.DistinctCount; code++)
                {
                    offsets[code + 1] = offsets[code] + c.GetEntryUtf8(code).Length;
                }
                var blob = new byte[offsets[^1]];
                for (var code = 0; code < c.DistinctCount; code++)
                {
                    c.GetEntryUtf8(code).CopyTo(blob.AsSpan(offsets[code]));
                }
                block.Write(MemoryMarshal.AsBytes(offsets.AsSpan()));
                block.Write(blob);
                break;
            case PlainStringColumn c:
                block.Write(MemoryMarshal.AsBytes(c.Offsets));
                block.Write(c.Blob);
                break;
        }
    }

    /// <summary>Writes one block's parts one after the other, hashing them as they go.</summary>
    private struct BlockWriter(SafeFileHandle handle, long offset)
    {
        private readonly XxHash3 _hash = new();
        private long _offset = offset;

        public readonly ulong Checksum => _hash.GetCurrentHashAsUInt64();

        public void Write(ReadOnlySpan<byte> bytes)
        {
            RandomAccess.Write(handle, bytes, _offset);
            _hash.Append(bytes);
            _offset += bytes.Length;
        }
    }
}
