using System.Data.Common;
using System.Globalization;
using System.Text;
using Udc.Engine.Columns;

namespace Udc.Engine.Database;

/// <summary>
/// Rows read from a database into UDC's columns, so the writers every surface shares (pages, streams, exports, tool
/// results, voice context) write a database source's rows exactly as a data file's. The reader's columns are the
/// dialect's <see cref="SqlDialect.Read"/> of <paramref name="columns"/>, in order.
/// </summary>
internal static class ResultTableBuilder
{
    public static Table Read(DbDataReader reader, IReadOnlyList<DatabaseColumn> columns)
    {
        var read = ReadColumns(reader, columns, null);
        return new Table(read, read.Length == 0 ? 0 : read[0].RowCount, isNested: false);
    }

    /// <summary>
    /// The reader's first columns as <paramref name="columns"/>; <paramref name="rest"/> reads the others of each row
    /// (an aggregate's metrics). Columns rather than a table: an aggregate may group by one column twice.
    /// </summary>
    public static Column[] ReadColumns(DbDataReader reader, IReadOnlyList<DatabaseColumn> columns, Action<DbDataReader>? rest)
    {
        var builders = columns.Select(c => new Builder(c)).ToArray();
        var rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < builders.Length; i++)
            {
                builders[i].Add(reader.IsDBNull(i) ? null : reader.GetValue(i), rows);
            }
            rest?.Invoke(reader);
            rows++;
        }
        return [.. builders.Select(b => b.Build(rows))];
    }

    /// <summary>One column of the given values (null for null): a catalog's extremes and listed values, written as rows would be.</summary>
    public static Column FromValues(DatabaseColumn column, IReadOnlyList<object?> values)
    {
        var builder = new Builder(column);
        for (var row = 0; row < values.Count; row++)
        {
            builder.Add(values[row], row);
        }
        return builder.Build(values.Count);
    }

    /// <summary>A table of no rows with the columns' names and types: the shape a database source is bound against.</summary>
    public static Table Empty(IReadOnlyList<DatabaseColumn> columns) =>
        new([.. columns.Select(c => new Builder(c).Build(0))], 0, isNested: false);

    /// <summary>One column's values as they arrive.</summary>
    private sealed class Builder(DatabaseColumn column)
    {
        private readonly List<long> _integers = [];
        private readonly List<double> _reals = [];
        private readonly List<string?> _texts = [];
        private readonly List<ulong> _nulls = [];
        private bool _hasNulls;

        public void Add(object? value, int row)
        {
            if (row % 64 == 0)
            {
                _nulls.Add(0);
            }
            var isNull = value is null or DBNull;
            if (isNull)
            {
                _nulls[row >> 6] |= 1UL << row;
                _hasNulls = true;
            }
            switch (column.Type)
            {
                case ColumnType.Double:
                    _reals.Add(isNull ? 0 : Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                case ColumnType.String:
                    _texts.Add(isNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    // Int64, instants in milliseconds and booleans (true or 1) all arrive as integers or booleans.
                    _integers.Add(isNull ? 0 : value is bool flag ? (flag ? 1 : 0) : Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        public Column Build(int rows)
        {
            var nulls = _hasNulls ? NullMask.FromBits([.. _nulls]) : NullMask.None;
            return column.Type switch
            {
                ColumnType.Int64 => new Int64Column(column.Name, [.. _integers], nulls),
                ColumnType.Timestamp => new TimestampColumn(column.Name, [.. _integers], column.DateOnly, nulls),
                ColumnType.Boolean => new BooleanColumn(column.Name, [.. _integers.Select(v => v != 0)], nulls),
                ColumnType.Double => new DoubleColumn(column.Name, [.. _reals], nulls),
                _ when column.Dictionary => Dictionary(nulls),
                _ => Plain(rows, nulls),
            };
        }

        private DictionaryStringColumn Dictionary(NullMask nulls)
        {
            var codes = new int[_texts.Count];
            var entries = new List<byte[]>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var row = 0; row < codes.Length; row++)
            {
                if (_texts[row] is not { } text)
                {
                    codes[row] = DictionaryStringColumn.NullCode;
                    continue;
                }
                if (!index.TryGetValue(text, out var code))
                {
                    code = entries.Count;
                    index.Add(text, code);
                    entries.Add(Encoding.UTF8.GetBytes(text));
                }
                codes[row] = code;
            }
            return new DictionaryStringColumn(column.Name, codes, [.. entries], nulls);
        }

        private PlainStringColumn Plain(int rows, NullMask nulls)
        {
            var offsets = new int[rows + 1];
            var blob = new List<byte>();
            for (var row = 0; row < rows; row++)
            {
                if (_texts[row] is { } text)
                {
                    blob.AddRange(Encoding.UTF8.GetBytes(text));
                }
                offsets[row + 1] = blob.Count;
            }
            return new PlainStringColumn(column.Name, [.. blob], offsets, nulls);
        }
    }
}
