using System.Buffers.Text;
using System.Text;
using Udc.Engine.Columns;

namespace Udc.Engine.Loading;

internal sealed partial class ColumnBuilder
{
    /// <summary>
    /// A string column is dictionary-encoded while it has at most this many distinct values (and no more than
    /// one per two rows): 65,536 codes keep the dictionary in L2 cache and cover every status-like column.
    /// </summary>
    private const int MaxDictionaryEntries = 65_536;

    public Column Build(int rowCount)
    {
        PadTo(rowCount);
        var seen = SeenKinds();
        var values = seen & ~KindSet.Null;
        var nulls = (seen & KindSet.Null) == 0 ? NullMask.None : BuildNullMask();

        return values switch
        {
            KindSet.Number => (Column?)TryBuildInt64(nulls) ?? (Column?)TryBuildDouble(nulls) ?? BuildString(nulls),
            KindSet.True or KindSet.False or (KindSet.True | KindSet.False) => BuildBoolean(nulls),
            KindSet.String => (Column?)TryBuildTimestamp(nulls) ?? BuildString(nulls),
            KindSet.Text => (Column?)TryBuildInt64(nulls) ?? (Column?)TryBuildDouble(nulls) ?? (Column?)TryBuildBooleanFromText(nulls) ?? (Column?)TryBuildTimestamp(nulls) ?? BuildString(nulls),
            _ => BuildString(nulls),
        };
    }

    /// <summary>
    /// The kinds of the values kept, worked out once at the end: a value overwritten by a duplicate key, or a row
    /// the record left out, counts as what it finally is.
    /// </summary>
    private KindSet SeenKinds()
    {
        var seen = KindSet.None;
        foreach (var kind in _kinds.AsSpan(0, _count))
        {
            seen |= ToKindSet(kind);
        }
        return seen;
    }

    private NullMask BuildNullMask()
    {
        var bits = new ulong[(_count + 63) / 64];
        for (var row = 0; row < _count; row++)
        {
            if (_kinds[row] == RawKind.Null)
            {
                bits[row >> 6] |= 1UL << row;
            }
        }
        return NullMask.FromBits(bits);
    }

    private Int64Column? TryBuildInt64(NullMask nulls)
    {
        var values = new long[_count];
        for (var row = 0; row < _count; row++)
        {
            if (_kinds[row] == RawKind.Null)
            {
                continue;
            }
            var text = TextAt(row);
            if (text.IsEmpty || text[0] == '+' || HasLeadingZero(text) || !Utf8Parser.TryParse(text, out long value, out var consumed) || consumed != text.Length)
            {
                return null;
            }
            values[row] = value;
        }
        return new Int64Column(Name, values, nulls);
    }

    /// <summary>"007" or "02134" is an identifier or a postcode, not the number 7: such text stays text.</summary>
    private static bool HasLeadingZero(ReadOnlySpan<byte> text)
    {
        var digits = text.Length > 0 && text[0] == '-' ? text[1..] : text;
        return digits.Length > 1 && digits[0] == '0' && char.IsAsciiDigit((char)digits[1]);
    }

    private DoubleColumn? TryBuildDouble(NullMask nulls)
    {
        var values = new double[_count];
        for (var row = 0; row < _count; row++)
        {
            if (_kinds[row] == RawKind.Null)
            {
                continue;
            }
            var text = TextAt(row);
            if (text.IsEmpty || text[0] == '+' || HasLeadingZero(text)
                || !Utf8Parser.TryParse(text, out double value, out var consumed) || consumed != text.Length || !double.IsFinite(value))
            {
                return null;
            }
            values[row] = value;
        }
        return new DoubleColumn(Name, values, nulls);
    }

    private BooleanColumn BuildBoolean(NullMask nulls)
    {
        var values = new bool[_count];
        for (var row = 0; row < _count; row++)
        {
            values[row] = _kinds[row] == RawKind.True;
        }
        return new BooleanColumn(Name, values, nulls);
    }

    private BooleanColumn? TryBuildBooleanFromText(NullMask nulls)
    {
        var values = new bool[_count];
        for (var row = 0; row < _count; row++)
        {
            if (_kinds[row] == RawKind.Null)
            {
                continue;
            }
            var text = TextAt(row);
            if (Ascii.EqualsIgnoreCase(text, "true"u8))
            {
                values[row] = true;
            }
            else if (!Ascii.EqualsIgnoreCase(text, "false"u8))
            {
                return null;
            }
        }
        return new BooleanColumn(Name, values, nulls);
    }

    private TimestampColumn? TryBuildTimestamp(NullMask nulls)
    {
        var values = new long[_count];
        var allDates = true;
        for (var row = 0; row < _count; row++)
        {
            if (_kinds[row] == RawKind.Null)
            {
                continue;
            }
            if (!TimestampParser.TryParse(TextAt(row), out values[row], out var dateOnly))
            {
                return null;
            }
            allDates &= dateOnly;
        }
        return new TimestampColumn(Name, values, allDates, nulls);
    }

    private StringColumn BuildString(NullMask nulls)
    {
        var maxEntries = Math.Min(MaxDictionaryEntries, Math.Max(1, _count / 2));
        return (StringColumn?)TryBuildDictionary(nulls, maxEntries) ?? BuildPlain(nulls);
    }

    private DictionaryStringColumn? TryBuildDictionary(NullMask nulls, int maxEntries)
    {
        var codes = new int[_count];
        var index = new Utf8Interner(_blob, maxEntries);
        for (var row = 0; row < _count; row++)
        {
            if (_kinds[row] == RawKind.Null)
            {
                codes[row] = DictionaryStringColumn.NullCode;
                continue;
            }
            var code = index.Intern(_starts[row], _starts[row + 1] - _starts[row]);
            if (code < 0)
            {
                return null;
            }
            codes[row] = code;
        }
        return new DictionaryStringColumn(Name, codes, index.ToEntries(), nulls);
    }

    private PlainStringColumn BuildPlain(NullMask nulls)
    {
        var blob = _blob.AsSpan(0, BlobLength).ToArray();
        var offsets = _starts.AsSpan(0, _count + 1).ToArray();
        return new PlainStringColumn(Name, blob, offsets, nulls);
    }
}
