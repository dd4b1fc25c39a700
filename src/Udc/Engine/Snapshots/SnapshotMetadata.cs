using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Udc.Engine.Loading;

namespace Udc.Engine.Snapshots;

/// <summary>Where a column's block is, what it holds, and its checksum.</summary>
internal sealed record SnapshotColumnEntry(string Name, SnapshotColumnKind Kind, bool DateOnly, int NullCount, int EntryCount, long BlockOffset, long BlockLength, ulong Checksum);

/// <summary>The metadata of a snapshot: its key, the table's shape, and its columns' blocks.</summary>
internal sealed record SnapshotMetadata(SnapshotKey Key, int RowCount, bool IsNested, IReadOnlyList<SnapshotColumnEntry> Columns)
{
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteString(buffer, Key.Producer);
        WriteString(buffer, Key.RealPath);
        WriteUInt64(buffer, Key.Identity.Device);
        WriteUInt64(buffer, Key.Identity.Inode);
        WriteUInt64(buffer, (ulong)Key.Identity.Length);
        WriteUInt64(buffer, (ulong)Key.Identity.ModifiedNs);
        WriteUInt64(buffer, (ulong)Key.Identity.ChangedNs);
        WriteUInt64(buffer, (ulong)Key.ReadStartedNs);
        WriteByte(buffer, (byte)Key.Format);
        WriteBytes(buffer, Key.ContentHash);
        WriteUInt32(buffer, (uint)RowCount);
        WriteByte(buffer, IsNested ? (byte)1 : (byte)0);
        WriteUInt32(buffer, (uint)Columns.Count);
        foreach (var column in Columns)
        {
            WriteString(buffer, column.Name);
            WriteByte(buffer, (byte)column.Kind);
            WriteByte(buffer, column.DateOnly ? (byte)1 : (byte)0);
            WriteUInt32(buffer, (uint)column.NullCount);
            WriteUInt32(buffer, (uint)column.EntryCount);
            WriteUInt64(buffer, (ulong)column.BlockOffset);
            WriteUInt64(buffer, (ulong)column.BlockLength);
            WriteUInt64(buffer, column.Checksum);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not metadata this version wrote.</exception>
    public static SnapshotMetadata Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        var producer = reader.String();
        var realPath = reader.String();
        var identity = new FileIdentity(reader.UInt64(), reader.UInt64(), (long)reader.UInt64(), (long)reader.UInt64(), (long)reader.UInt64());
        var readStarted = (long)reader.UInt64();
        var format = (SourceFormat)reader.Byte();
        var contentHash = reader.Bytes();
        var key = new SnapshotKey(producer, realPath, identity, format, contentHash, readStarted);
        var rowCount = reader.Count();
        var nested = reader.Byte() != 0;
        var columns = new SnapshotColumnEntry[reader.Count()];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new SnapshotColumnEntry(reader.String(), (SnapshotColumnKind)reader.Byte(), reader.Byte() != 0, reader.Count(), reader.Count(),
                (long)reader.UInt64(), (long)reader.UInt64(), reader.UInt64());
        }
        return reader.IsAtEnd ? new SnapshotMetadata(key, rowCount, nested, columns) : throw new InvalidDataException("metadata longer than its fields");
    }

    private static void WriteByte(ArrayBufferWriter<byte> buffer, byte value) => buffer.Write([value]);

    private static void WriteUInt32(ArrayBufferWriter<byte> buffer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteUInt64(ArrayBufferWriter<byte> buffer, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> value)
    {
        WriteUInt32(buffer, (uint)value.Length);
        buffer.Write(value);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value) => WriteBytes(buffer, Encoding.UTF8.GetBytes(value));

    /// <summary>Reads fields in order; any read past the end, or a count that cannot be, is invalid data.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private ReadOnlySpan<byte> _rest = bytes;

        public readonly bool IsAtEnd => _rest.IsEmpty;

        public byte Byte() => Take(1)[0];

        public int Count() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4)) is var value and <= int.MaxValue ? (int)value : throw new InvalidDataException("a count out of range");

        public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public byte[] Bytes() => Take(Count()).ToArray();

        public string String() => Encoding.UTF8.GetString(Take(Count()));

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > _rest.Length)
            {
                throw new InvalidDataException("metadata ends inside a field");
            }
            var taken = _rest[..length];
            _rest = _rest[length..];
            return taken;
        }
    }
}
