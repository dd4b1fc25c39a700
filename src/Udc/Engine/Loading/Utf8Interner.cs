using System.Runtime.InteropServices;

namespace Udc.Engine.Loading;

/// <summary>
/// Assigns dense codes to distinct byte strings that live in one blob, with an open-addressing table sized
/// for a fixed maximum so that no value is ever copied until it is known to be new.
/// </summary>
internal sealed class Utf8Interner
{
    private readonly byte[] _blob;
    private readonly int _maxEntries;
    private readonly int[] _slots;
    private readonly List<(int Start, int Length)> _entries = [];

    public Utf8Interner(byte[] blob, int maxEntries)
    {
        _blob = blob;
        _maxEntries = maxEntries;
        // A load factor of at most one half keeps probe chains short.
        _slots = new int[Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)maxEntries * 2))];
        _slots.AsSpan().Fill(-1);
    }

    /// <summary>The code of the bytes at <paramref name="start"/>, or -1 once more than the maximum are distinct.</summary>
    public int Intern(int start, int length)
    {
        var value = _blob.AsSpan(start, length);
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
                _entries.Add((start, length));
                return _entries.Count - 1;
            }
            var (entryStart, entryLength) = CollectionsMarshal.AsSpan(_entries)[code];
            if (_blob.AsSpan(entryStart, entryLength).SequenceEqual(value))
            {
                return code;
            }
            slot = (slot + 1) & mask;
        }
    }

    public byte[][] ToEntries() => [.. _entries.Select(e => _blob.AsSpan(e.Start, e.Length).ToArray())];

    private static int Hash(ReadOnlySpan<byte> value)
    {
        var hash = new HashCode();
        hash.AddBytes(value);
        return hash.ToHashCode() & int.MaxValue;
    }
}
