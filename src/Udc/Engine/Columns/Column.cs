using System.Text;
using System.Text.Json;

namespace Udc.Engine.Columns;

/// <summary>
/// One named, typed array of values, one per row. Columns are immutable once built, so any number of queries
/// read them at once without locks.
/// </summary>
internal abstract class Column
{
    private readonly Lock _orderKeysLock = new();
    private long[]? _orderKeys;

    protected Column(string name, ColumnType type, int rowCount, NullMask nulls)
    {
        Name = name;
        EncodedName = JsonEncodedText.Encode(name, JsonOutput.Encoder);
        Type = type;
        RowCount = rowCount;
        Nulls = nulls;
    }

    public string Name { get; }

    /// <summary>The name, escaped once, so writing a row never re-encodes property names.</summary>
    public JsonEncodedText EncodedName { get; }

    public ColumnType Type { get; }

    public int RowCount { get; }

    public NullMask Nulls { get; }

    public bool IsNull(int row) => Nulls.IsNull(row);

    /// <summary>Number of distinct non-null values; computed on first use and kept.</summary>
    public int DistinctCount => _distinctCount >= 0 ? _distinctCount : _distinctCount = CountDistinct();

    /// <summary>Whether <see cref="DistinctCount"/> is known, so reading it costs nothing.</summary>
    public bool IsDistinctCounted => _distinctCount >= 0;

    private int _distinctCount = -1;

    protected abstract int CountDistinct();

    /// <summary>Keeps a count learnt on the way (sorting the values counts them too).</summary>
    protected void KnowDistinctCount(int count) => _distinctCount = count;

    /// <summary>
    /// Whether two non-null values are equal; worked out on first use and kept. Cheaper than <see cref="DistinctCount"/>
    /// where a column can stop at its first repeat: instants and numbers usually repeat within a few thousand rows.
    /// </summary>
    public bool HasRepeats
    {
        get
        {
            if (_repeats < 0)
            {
                _repeats = (IsDistinctCounted ? CountShowsRepeat : FindRepeat()) ? 1 : 0;
            }
            return _repeats == 1;
        }
    }

    private int _repeats = -1;

    /// <summary>
    /// Asked only while the count is unknown. By counting; a column of numbers or instants overrides it to stop at
    /// the first repeat.
    /// </summary>
    protected virtual bool FindRepeat() => CountShowsRepeat;

    private bool CountShowsRepeat => DistinctCount < RowCount - Nulls.NullCount;

    /// <summary>
    /// One key per row whose order is the column's value order, so a sort compares two longs whatever the type.
    /// Built on first sort or grouping by this column and kept for the life of the snapshot; built once even when
    /// a burst of queries asks at the same moment (a text column's keys sort every row, seconds for a million).
    /// </summary>
    public long[] OrderKeys => Volatile.Read(ref _orderKeys) ?? BuildOrderKeysOnce();

    private long[] BuildOrderKeysOnce()
    {
        lock (_orderKeysLock)
        {
            return _orderKeys ??= BuildOrderKeys();
        }
    }

    /// <summary>
    /// The bytes this column holds in memory: its values, its null mask, and the aids built on first use (order keys,
    /// the folded text of a search). Object headers aside, so a little under what the process pays.
    /// </summary>
    public long MemoryBytes => ValueBytes + 8L * Nulls.Bits.Length + (_orderKeys is { } keys && !OrderKeysAreValues ? 8L * keys.Length : 0);

    /// <summary>The bytes of the values themselves, and of what the column derives from them up front.</summary>
    protected abstract long ValueBytes { get; }

    /// <summary>True when the order keys are the values array itself (integers and instants), which costs nothing more.</summary>
    protected virtual bool OrderKeysAreValues => false;

    protected abstract long[] BuildOrderKeys();

    /// <summary>Writes the value of a row (null included) as a JSON value.</summary>
    public void WriteJson(Utf8JsonWriter writer, int row)
    {
        if (Nulls.IsNull(row))
        {
            writer.WriteNullValue();
            return;
        }
        WriteValue(writer, row);
    }

    /// <summary>Writes a non-null value.</summary>
    protected abstract void WriteValue(Utf8JsonWriter writer, int row);

    /// <summary>The value as text, for sentences and CSV; null for a null value. Allocates: not for row loops.</summary>
    public string? FormatText(int row) => Nulls.IsNull(row) ? null : FormatValue(row);

    protected abstract string FormatValue(int row);

    protected static string Utf8ToString(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
