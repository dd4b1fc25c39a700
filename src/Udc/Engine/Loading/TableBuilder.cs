using System.Text;
using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

/// <summary>
/// Receives the records of a file, or of one chunk of it, value by value from a reader; <see cref="TableAssembler"/>
/// turns one or more of them into a <see cref="Table"/>. Records of one file nearly always list their keys in the
/// same order, so the column for the n-th key of a record is first guessed from the previous record: a byte
/// comparison instead of a dictionary look-up.
/// </summary>
internal sealed class TableBuilder
{
    /// <summary>A file with more distinct keys than this is not a table; 4,096 is far past any real export.</summary>
    public const int MaxColumns = 4_096;

    /// <summary>What a row costs a column before its text: a <see cref="RawKind"/> byte and a 4-byte offset.</summary>
    private const long RowBytesPerColumn = 5;

    private readonly string _fileName;
    private readonly bool _textIsValidUtf8;
    private readonly List<ColumnBuilder> _columns = [];
    private readonly Dictionary<string, ColumnBuilder> _byName = new(StringComparer.Ordinal);
    private readonly List<ColumnBuilder> _shape = [];
    private int _position;
    private int _rowCount;
    private bool _isNested;
    private bool _projected;

    /// <param name="textIsValidUtf8">The reader has checked that its whole text is UTF-8: values are not checked again.</param>
    public TableBuilder(string fileName, bool textIsValidUtf8 = false)
    {
        _fileName = fileName;
        _textIsValidUtf8 = textIsValidUtf8;
    }

    public int RowCount => _rowCount;

    public string FileName => _fileName;

    /// <summary>True when a record held a nested object or an array.</summary>
    public bool IsNested => _isNested;

    /// <summary>The columns in order of first appearance.</summary>
    public IReadOnlyList<ColumnBuilder> Columns => _columns;

    /// <summary>Starts the next record.</summary>
    public void BeginRow()
    {
        _rowCount++;
        _position = 0;
    }

    /// <summary>
    /// Once, early in a read: makes room in every column for the rows the whole text of <paramref name="totalBytes"/>
    /// will hold at the rate of its first <paramref name="bytesRead"/> bytes, plus 5 % so that a slightly denser end
    /// does not double everything at the last row. A row costs each column 5 bytes (its kind and its offset), and the
    /// rows reserved never cost more in all than the text itself: first records far shorter than the rest (a few
    /// tiny lines, then one huge value) cannot make a reservation many times the file's size.
    /// </summary>
    public void ProjectRows(long bytesRead, long totalBytes)
    {
        if (_projected || bytesRead <= 0 || _rowCount == 0)
        {
            return;
        }
        _projected = true;
        var projected = _rowCount * (totalBytes * 21 / 20) / bytesRead + 1;
        var affordable = totalBytes / (RowBytesPerColumn * Math.Max(1, _columns.Count));
        var rows = (int)Math.Min(Array.MaxLength - 1L, Math.Min(projected, affordable));
        foreach (var column in _columns)
        {
            column.Reserve(rows);
        }
    }

    /// <summary>Marks that a record held a nested object or an array.</summary>
    public void MarkNested() => _isNested = true;

    /// <summary>Adds a value of the current record under a column name given as UTF-8 (a dot path when nested).</summary>
    public void Add(ReadOnlySpan<byte> nameUtf8, RawKind kind, ReadOnlySpan<byte> text)
    {
        var column = Resolve(nameUtf8);
        column.Append(_rowCount - 1, kind, text);
    }

    /// <summary>
    /// Adds a value of the current record to the <paramref name="index"/>-th column declared: a CSV field, whose
    /// column is its position, with no name to compare.
    /// </summary>
    public void AddAt(int index, RawKind kind, ReadOnlySpan<byte> text) => _columns[index].Append(_rowCount - 1, kind, text);

    /// <summary>Creates a column before any value arrives, so a CSV header alone still defines the table.</summary>
    public void DeclareColumn(ReadOnlySpan<byte> nameUtf8) => FindOrCreate(nameUtf8);

    private ColumnBuilder Resolve(ReadOnlySpan<byte> nameUtf8)
    {
        if (_position < _shape.Count)
        {
            var predicted = _shape[_position];
            if (predicted.NameUtf8.AsSpan().SequenceEqual(nameUtf8))
            {
                _position++;
                return predicted;
            }
        }

        var column = FindOrCreate(nameUtf8);
        if (_position < _shape.Count)
        {
            _shape[_position] = column;
        }
        else
        {
            _shape.Add(column);
        }
        _position++;
        return column;
    }

    private ColumnBuilder FindOrCreate(ReadOnlySpan<byte> nameUtf8)
    {
        var name = Encoding.UTF8.GetString(nameUtf8);
        if (!_byName.TryGetValue(name, out var column))
        {
            if (_columns.Count == MaxColumns)
            {
                LoadThrow.TooManyColumns(_fileName);
            }
            column = new ColumnBuilder(name, nameUtf8.ToArray(), _textIsValidUtf8);
            _columns.Add(column);
            _byName.Add(name, column);
        }
        return column;
    }

    /// <summary>Decides every column's type from this builder's records alone.</summary>
    public Table Build() => TableAssembler.Build(_fileName, [this]);
}
