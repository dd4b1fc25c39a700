namespace Udc.Engine.Columns;

/// <summary>
/// High-cardinality text: all values back to back in one UTF-8 blob with an offset per row, so a column of a
/// million strings is two arrays, not a million objects.
/// </summary>
internal sealed class PlainStringColumn : StringColumn
{
    private readonly byte[] _blob;
    private readonly int[] _offsets;
    private FoldedText? _folded;

    /// <param name="blob">The values' bytes back to back.</param>
    /// <param name="offsets">rowCount + 1 offsets: row i is <c>blob[offsets[i]..offsets[i + 1]]</c>.</param>
    public PlainStringColumn(string name, byte[] blob, int[] offsets, NullMask nulls)
        : base(name, offsets.Length - 1, nulls)
    {
        _blob = blob;
        _offsets = offsets;
    }

    /// <summary>Bytes the values take in memory: the blob and its offsets.</summary>
    public long ByteSize => _blob.Length + 4L * _offsets.Length;

    public override ReadOnlySpan<byte> GetUtf8(int row) => _blob.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    /// <summary>Every value's bytes back to back.</summary>
    public ReadOnlySpan<byte> Blob => _blob;

    /// <summary>rowCount + 1 offsets into <see cref="Blob"/>.</summary>
    public ReadOnlySpan<int> Offsets => _offsets;

    /// <summary>The lower-cased copy used by free-text search; built on the first search and kept.</summary>
    public FoldedText Folded => _folded ??= FoldedText.Build(this);

    protected override long ValueBytes => _blob.Length + 4L * _offsets.Length + (_folded is { } folded ? folded.Blob.Length + 4L * folded.Starts.Length : 0);

    /// <summary>Counted by hashing, or known from the order keys when a sort built them first.</summary>
    protected override int CountDistinct() => DistinctCounter.Count(this);

    /// <summary>Sorts the rows by value once; equal values share a key, which also yields the distinct count.</summary>
    protected override long[] BuildOrderKeys()
    {
        var rows = new int[RowCount];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }
        // Nulls first and apart from "" (both have no bytes), so they neither sort nor count as a value.
        Array.Sort(rows, (a, b) => IsNull(a) != IsNull(b) ? (IsNull(a) ? -1 : 1) : GetUtf8(a).SequenceCompareTo(GetUtf8(b)));

        var keys = new long[RowCount];
        var rank = -1;
        var distinct = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (i == 0 || IsNull(row) != IsNull(rows[i - 1]) || !GetUtf8(row).SequenceEqual(GetUtf8(rows[i - 1])))
            {
                rank++;
                if (!Nulls.IsNull(row))
                {
                    distinct++;
                }
            }
            keys[row] = rank;
        }
        KnowDistinctCount(distinct);
        return keys;
    }
}
