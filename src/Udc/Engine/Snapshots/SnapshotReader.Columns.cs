using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Engine.Snapshots;

/// <summary>One column's block: its arrays read in place, then their shape checked (offsets rising, codes in range).</summary>
internal sealed partial class SnapshotReader
{
    private Column ReadColumn(SnapshotColumnEntry entry, int rowCount, LoadProgress? progress)
    {
        var block = new BlockReader(_handle, entry.BlockOffset, entry.BlockLength, progress);
        var nulls = NullMask.None;
        if (entry.NullCount > 0)
        {
            var bits = block.Array<ulong>((rowCount + 63) / 64);
            nulls = NullMask.FromBits(bits);
            Require(nulls.NullCount == entry.NullCount, "the null mask does not match its count");
        }
        Column column = entry.Kind switch
        {
            SnapshotColumnKind.Int64 => new Int64Column(entry.Name, block.Array<long>(rowCount), nulls),
            SnapshotColumnKind.Double => new DoubleColumn(entry.Name, block.Array<double>(rowCount), nulls),
            SnapshotColumnKind.Boolean => new BooleanColumn(entry.Name, Booleans(block.Array<bool>(rowCount)), nulls),
            SnapshotColumnKind.Timestamp => new TimestampColumn(entry.Name, block.Array<long>(rowCount), entry.DateOnly, nulls),
            SnapshotColumnKind.DictionaryString => ReadDictionary(ref block, entry, rowCount, nulls),
            SnapshotColumnKind.PlainString => ReadPlain(ref block, entry, rowCount, nulls),
            _ => throw new InvalidDataException($"unknown column kind {entry.Kind}"),
        };
        Require(block.Remaining == 0, "a block is longer than its column");
        Require(block.Checksum == entry.Checksum, $"checksum mismatch in column '{entry.Name}'");
        return column;
    }

    private static DictionaryStringColumn ReadDictionary(ref BlockReader block, SnapshotColumnEntry entry, int rowCount, NullMask nulls)
    {
        var codes = block.Array<int>(rowCount);
        var offsets = block.Array<int>(entry.EntryCount + 1);
        RequireRising(offsets);
        var blob = block.Array<byte>(offsets[^1]);
        foreach (var code in codes)
        {
            Require(code >= DictionaryStringColumn.NullCode && code < entry.EntryCount, "a dictionary code out of range");
        }
        var entries = new byte[entry.EntryCount][];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = blob.AsSpan(offsets[i], offsets[i + 1] - offsets[i]).ToArray();
        }
        return new DictionaryStringColumn(entry.Name, codes, entries, nulls);
    }

    private static PlainStringColumn ReadPlain(ref BlockReader block, SnapshotColumnEntry entry, int rowCount, NullMask nulls)
    {
        var offsets = block.Array<int>(rowCount + 1);
        RequireRising(offsets);
        return new PlainStringColumn(entry.Name, block.Array<byte>(offsets[^1]), offsets, nulls);
    }

    private static bool[] Booleans(bool[] values)
    {
        Require(MemoryMarshal.AsBytes(values.AsSpan()).IndexOfAnyExcept((byte)0, (byte)1) < 0, "a boolean that is neither 0 nor 1");
        return values;
    }

    private static void RequireRising(int[] offsets)
    {
        Require(offsets[0] == 0, "offsets do not start at 0");
        for (var i = 1; i < offsets.Length; i++)
        {
            Require(offsets[i] >= offsets[i - 1], "offsets go backwards");
        }
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException(problem);
        }
    }

    /// <summary>
    /// Fills <paramref name="array"/> from the file, a large one in pieces on every core, each piece's pages mapped
    /// first (<see cref="FreshPages"/>). Reading a snapshot is mostly the kernel mapping and filling the arrays' fresh
    /// pages, and one column can hold most of a file's bytes (a text column's characters): read whole, it kept one core
    /// busy long after the other had finished.
    /// </summary>
    private static void ReadInPieces<T>(SafeFileHandle handle, T[] array, long offset)
        where T : unmanaged
    {
        var length = (long)array.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var pieces = (int)((length + PieceBytes - 1) / PieceBytes);
        FreshPages.PreferHugePages(MemoryMarshal.AsBytes(array.AsSpan()));
        ParallelLoops.For(pieces, i =>
        {
            var start = (long)i * PieceBytes;
            var piece = MemoryMarshal.AsBytes(array.AsSpan()).Slice((int)start, (int)Math.Min(PieceBytes, length - start));
            FreshPages.Populate(piece);
            ReadExactly(handle, piece, offset + start);
        });
    }

    /// <summary>Large enough that a piece costs far more than handing it to another core.</summary>
    private const int PieceBytes = 4 * 1024 * 1024;

    /// <summary>Reads a block's arrays in order, hashing every byte, never past the block's end.</summary>
    private struct BlockReader(SafeFileHandle handle, long offset, long length, LoadProgress? progress)
    {
        private readonly XxHash3 _hash = new();
        private long _offset = offset;

        public long Remaining { get; private set; } = length;

        public readonly ulong Checksum => _hash.GetCurrentHashAsUInt64();

        public T[] Array<T>(int count)
            where T : unmanaged
        {
            var bytes = checked((long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
            Require(count >= 0 && bytes <= Remaining, "a block is shorter than its column");
            var array = GC.AllocateUninitializedArray<T>(count);
            ReadInPieces(handle, array, _offset);
            var target = MemoryMarshal.AsBytes(array.AsSpan());
            _hash.Append(target);
            _offset += bytes;
            Remaining -= bytes;
            progress?.Advance(bytes);
            return array;
        }
    }
}
