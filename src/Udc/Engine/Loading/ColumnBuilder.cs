using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Udc.Engine.Loading;

/// <summary>
/// Collects one column's values as text while a file (or one chunk of it) is read; <see cref="ColumnAssembler"/>
/// then decides the column's type from every chunk's values at once. Keeping the text means a column whose
/// values disagree still becomes a string column with every value exactly as it was written.
/// </summary>
internal sealed class ColumnBuilder
{
    private static readonly byte[] s_true = "true"u8.ToArray();
    private static readonly byte[] s_false = "false"u8.ToArray();

    private readonly bool _textIsValidUtf8;
    private RawKind[] _kinds;
    private int[] _starts;
    private byte[] _blob;
    private int _count;

    /// <param name="textIsValidUtf8">The reader checked its whole text at once, so text values are not checked one by one.</param>
    /// <remarks>A column starts small; <see cref="Reserve"/> makes room for the rows a reader projects.</remarks>
    public ColumnBuilder(string name, byte[] nameUtf8, bool textIsValidUtf8 = false)
    {
        _textIsValidUtf8 = textIsValidUtf8;
        Name = name;
        NameUtf8 = nameUtf8;
        _kinds = new RawKind[64];
        _starts = new int[_kinds.Length + 1];
        _blob = new byte[1024];
    }

    public string Name { get; }

    public byte[] NameUtf8 { get; }

    /// <summary>Rows recorded so far, skipped rows included once a later row or <see cref="Complete"/> padded them.</summary>
    public int Count => _count;

    public ReadOnlySpan<RawKind> Kinds => _kinds.AsSpan(0, _count);

    /// <summary>The values' bytes back to back; row i is <c>Blob[Starts[i]..Starts[i + 1]]</c>.</summary>
    public byte[] Blob => _blob;

    public ReadOnlySpan<int> Starts => _starts.AsSpan(0, _count + 1);

    /// <summary>Rows there is room for before the arrays grow.</summary>
    public int RowCapacity => _kinds.Length;

    public int BlobLength => _starts[_count];

    public ReadOnlySpan<byte> TextAt(int row) => _blob.AsSpan(_starts[row], _starts[row + 1] - _starts[row]);

    /// <summary>Records a value for <paramref name="row"/>; rows this column skipped become null.</summary>
    public void Append(int row, RawKind kind, ReadOnlySpan<byte> text)
    {
        if (row != _count)
        {
            if (row == _count - 1)
            {
                // The same key twice in one record: the later value wins, as in every JSON parser people use.
                _count--;
            }
            PadTo(row);
        }

        switch (kind)
        {
            case RawKind.True:
                text = s_true;
                break;
            case RawKind.False:
                text = s_false;
                break;
            case RawKind.String or RawKind.Text when !_textIsValidUtf8 && !Utf8.IsValid(text):
                // Invalid UTF-8 would fail later, when a response is written; repair it once here instead.
                AppendBytes(kind, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text)));
                return;
        }
        AppendBytes(kind, text);
    }

    /// <summary>
    /// Makes room for <paramref name="rows"/> rows in all, and for text in proportion to what the rows so far hold:
    /// one resize instead of a dozen doublings, each a copy of everything so far.
    /// </summary>
    public void Reserve(int rows)
    {
        if (rows <= _kinds.Length || _count == 0)
        {
            return;
        }
        Array.Resize(ref _kinds, rows);
        Array.Resize(ref _starts, rows + 1);
        var text = Math.Min(Array.MaxLength, (long)BlobLength * rows / _count);
        if (text > _blob.Length)
        {
            Array.Resize(ref _blob, (int)text);
        }
    }

    /// <summary>Pads the column with nulls up to the chunk's last row, once the chunk has been read.</summary>
    public void Complete(int rowCount) => PadTo(rowCount);

    /// <summary>
    /// The kinds of the values kept, worked out once at the end: a value overwritten by a duplicate key, or a row
    /// the record left out, counts as what it finally is.
    /// </summary>
    public RawKindSet SeenKinds()
    {
        var seen = RawKindSet.None;
        foreach (var kind in Kinds)
        {
            seen |= (RawKindSet)(1 << (int)kind);
        }
        return seen;
    }

    private void AppendBytes(RawKind kind, ReadOnlySpan<byte> text)
    {
        EnsureCapacity(text.Length);
        var start = BlobLength;
        text.CopyTo(_blob.AsSpan(start));
        _kinds[_count] = kind;
        _count++;
        _starts[_count] = start + text.Length;
    }

    private void PadTo(int rowCount)
    {
        while (_count < rowCount)
        {
            EnsureCapacity(0);
            _kinds[_count] = RawKind.Null;
            _starts[_count + 1] = _starts[_count];
            _count++;
        }
    }

    /// <summary>Room for one more row of <paramref name="textLength"/> bytes; checked per value, grown rarely.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureCapacity(int textLength)
    {
        if (_count == _kinds.Length || (long)BlobLength + textLength > _blob.Length)
        {
            Grow(textLength);
        }
    }

    private void Grow(int textLength)
    {
        if (_count == _kinds.Length)
        {
            Array.Resize(ref _kinds, _kinds.Length * 2);
            Array.Resize(ref _starts, _kinds.Length + 1);
        }
        var needed = (long)BlobLength + textLength;
        if (needed > _blob.Length)
        {
            if (needed > Array.MaxLength)
            {
                LoadThrow.ColumnTooLarge(Name);
            }
            Array.Resize(ref _blob, (int)Math.Min(Array.MaxLength, Math.Max(needed, _blob.Length * 2L)));
        }
    }
}
