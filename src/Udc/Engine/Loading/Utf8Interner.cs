using System.Numerics;
using System.Runtime.InteropServices;

namespace Udc.Engine.Loading;

/// <summary>
/// Assigns dense codes, in order of first appearance, to distinct byte strings that live in blobs the caller
/// owns, with an open-addressing table sized for a fixed maximum: no value is copied until
/// <see cref="ToEntries"/>, so a column that turns out to have too many distinct values costs no copies.
/// </summary>
internal sealed class Utf8Interner
{
    private readonly int _maxEntries;
    private readonly int[] _slots;
    private readonly List<(byte[] Blob, int Start, int Length)> _entries = [];

    public Utf8Interner(int maxEntries)
    {
        _maxEntries = maxEntries;
        // A load factor of at most one half keeps probe chains short.
        _slots = new int[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)maxEntries * 2))];
        _slots.AsSpan().Fill(-1);
    }

    public int Count => _entries.Count;

    public ReadOnlySpan<byte> Entry(int code)
    {
        var (blob, start, length) = CollectionsMarshal.AsSpan(_entries)[code];
        return blob.AsSpan(start, length);
    }

    /// <summary>The code, in this interner, of another interner's entry; -1 once more than the maximum are distinct.</summary>
    public int InternEntryOf(Utf8Interner other, int code)
    {
        var (blob, start, length) = CollectionsMarshal.AsSpan(other._entries)[code];
        return Intern(blob, start, length);
    }

    /// <summary>The code of the bytes at <paramref name="start"/> of <paramref name="blob"/>, or -1 once more than the maximum are distinct.</summary>
    public int Intern(byte[] blob, int start, int length)
    {
        var value = blob.AsSpan(start, length);
        var mask = _slots.Length - 1;
        var slot = Hash(value) & mask;
        while (true)
        {
            var code = _slots[slot];
            if (code < 0)
            {
                if (_entries.Count == _maxEntries)
                {
                    return -1;
                }
                _slots[slot] = _entries.Count;
                _entries.Add((blob, start, length));
                return _entries.Count - 1;
            }
            if (Entry(code).SequenceEqual(value))
            {
                return code;
            }
            slot = (slot + 1) & mask;
        }
    }

    public byte[][] ToEntries()
    {
        var entries = new byte[_entries.Count][];
        for (var code = 0; code < entries.Length; code++)
        {
            entries[code] = Entry(code).ToArray();
        }
        return entries;
    }

    private static int Hash(ReadOnlySpan<byte> value)
    {
        var hash = new HashCode();
        hash.AddBytes(value);
        return hash.ToHashCode() & int.MaxValue;
    }
}
