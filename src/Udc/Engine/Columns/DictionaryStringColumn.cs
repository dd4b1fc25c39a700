namespace Udc.Engine.Columns;

/// <summary>
/// Low-cardinality text: each row holds a code into a small table of distinct values, so an equality filter
/// compares ints and a group-by indexes an array.
/// </summary>
internal sealed class DictionaryStringColumn : StringColumn
{
    public const int NullCode = -1;

    private readonly int[] _codes;
    private readonly byte[][] _entries;

    public DictionaryStringColumn(string name, int[] codes, byte[][] entries, NullMask nulls)
        : base(name, codes.Length, nulls)
    {
        _codes = codes;
        _entries = entries;
        Entries = [.. entries.Select(e => Utf8ToString(e))];
        FoldedEntries = [.. Entries.Select(e => e.ToLowerInvariant())];
        FoldedUtf8Entries = [.. FoldedEntries.Select(System.Text.Encoding.UTF8.GetBytes)];
        Ranks = RankEntries(entries);
    }

    /// <summary>Code of each row's value; <see cref="NullCode"/> for null.</summary>
    public ReadOnlySpan<int> Codes => _codes;

    /// <summary>The distinct values, indexed by code, in order of first appearance.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>The distinct values in lower case, for case-insensitive matching.</summary>
    public IReadOnlyList<string> FoldedEntries { get; }

    /// <summary>The lower-case values as UTF-8, so matching a folded needle compares bytes and allocates nothing.</summary>
    public byte[][] FoldedUtf8Entries { get; }

    /// <summary>Position of each code's value in ordinal order.</summary>
    public int[] Ranks { get; }

    protected override int CountDistinct() => _entries.Length;

    /// <summary>The codes, and each value as UTF-8, as text and lower-cased (both ways), with its rank.</summary>
    protected override long ValueBytes
    {
        get
        {
            long bytes = 4L * _codes.Length + 4L * Ranks.Length;
            for (var code = 0; code < _entries.Length; code++)
            {
                bytes += _entries[code].Length + FoldedUtf8Entries[code].Length + 2L * (Entries[code].Length + FoldedEntries[code].Length);
            }
            return bytes;
        }
    }

    public override ReadOnlySpan<byte> GetUtf8(int row)
    {
        var code = _codes[row];
        return code == NullCode ? default : _entries[code];
    }

    public ReadOnlySpan<byte> GetEntryUtf8(int code) => _entries[code];

    protected override long[] BuildOrderKeys()
    {
        var keys = new long[_codes.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var code = _codes[i];
            keys[i] = code == NullCode ? 0 : Ranks[code];
        }
        return keys;
    }

    private static int[] RankEntries(byte[][] entries)
    {
        var order = new int[entries.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => entries[a].AsSpan().SequenceCompareTo(entries[b]));
        var ranks = new int[entries.Length];
        for (var rank = 0; rank < order.Length; rank++)
        {
            ranks[order[rank]] = rank;
        }
        return ranks;
    }
}
