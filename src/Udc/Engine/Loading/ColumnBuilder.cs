using System.Text;
using System.Text.Unicode;
using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>
/// Collects one column's values as text while a file is read, then decides the column's type from all of
/// them at once. Keeping the text means a column whose values disagree still becomes a string column with
/// every value exactly as it was written.
/// </summary>
internal sealed partial class ColumnBuilder
{
    private static readonly byte[] s_true = "true"u8.ToArray();
    private static readonly byte[] s_false = "false"u8.ToArray();

    private RawKind[] _kinds = new RawKind[64];
    private int[] _starts = new int[65];
    private byte[] _blob = new byte[1024];
    private int _count;

    public ColumnBuilder(string name, byte[] nameUtf8)
    {
        Name = name;
        NameUtf8 = nameUtf8;
    }

    public string Name { get; }

    public byte[] NameUtf8 { get; }

    private int BlobLength => _starts[_count];

    /// <summary>Records a value for <paramref name="row"/>; rows this column skipped become null.</summary>
    public void Append(int row, RawKind kind, ReadOnlySpan<byte> text)
    {
        if (row == _count - 1)
        {
            // The same key twice in one record: the later value wins, as in every JSON parser people use.
            _count--;
        }
        PadTo(row);
        EnsureCapacity(text.Length);

        switch (kind)
        {
            case RawKind.True:
                text = s_true;
                break;
            case RawKind.False:
                text = s_false;
                break;
            case RawKind.String or RawKind.Text when !Utf8.IsValid(text):
                // Invalid UTF-8 would fail later, when a response is written; repair it once here instead.
                AppendBytes(kind, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text)));
                return;
        }
        AppendBytes(kind, text);
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

    private void EnsureCapacity(int textLength)
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
                throw new InvalidDataException($"column '{Name}' holds more than {Array.MaxLength} bytes of text");
            }
            Array.Resize(ref _blob, (int)Math.Min(Array.MaxLength, Math.Max(needed, _blob.Length * 2L)));
        }
    }

    private ReadOnlySpan<byte> TextAt(int row) => _blob.AsSpan(_starts[row], _starts[row + 1] - _starts[row]);

    private static KindSet ToKindSet(RawKind kind) => (KindSet)(1 << (int)kind);

    [Flags]
    private enum KindSet
    {
        None = 0,
        Null = 1 << RawKind.Null,
        String = 1 << RawKind.String,
        Number = 1 << RawKind.Number,
        True = 1 << RawKind.True,
        False = 1 << RawKind.False,
        JsonText = 1 << RawKind.JsonText,
        Text = 1 << RawKind.Text,
    }
}
