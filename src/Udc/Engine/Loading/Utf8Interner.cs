using System.IO.Hashing;
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
    /// <summary>
    /// Seeded once per process, as <see cref="HashCode"/> is, so a file crafted for one run's hashes cannot make
    /// every value probe the same chain in another.
    /// </summary>
    private static readonly long s_seed = Random.Shared.NextInt64();

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

    /// <summary>
    /// XXH3 rather than <see cref="HashCode.AddBytes"/>, which mixes four bytes at a time: loading the million-ticket
    /// CSV spent 6% of its samples in that hashing, and under 2% in this one.
    /// </summary>
    private static int Hash(ReadOnlySpan<byte> value) => (int)XxHash3.HashToUInt64(value, s_seed) & int.MaxValue;
}
