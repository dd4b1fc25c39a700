using System.Runtime.InteropServices;
using Udc.Engine.Analytics;
using Udc.Engine.Columns;

namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// Dense group codes for one group-by column, met row by row. A dictionary column already has them (null gets
/// the last code); any other column's values get codes in order of first appearance among the matching rows,
/// read through its order keys (one long per row whatever the type), so a grouping holds a table of the
/// distinct values it met and nothing sized by the row count. A time bucket's code is its number counted from the
/// column's earliest bucket, worked out with no table at all, while the column's time span has no more buckets than it
/// has distinct instants (a million minutes make 16,667 hours: few enough for the aggregator's dense arrays); a
/// sparse column over a long span codes each bucket's first instant in order of appearance instead.
/// </summary>
internal sealed class GroupKeys
{
    private readonly Column _column;
    private readonly TimeBucket? _bucket;
    private readonly DictionaryStringColumn? _dictionary;
    private readonly long[]? _keys;
    private readonly long? _firstBucket;
    private readonly Dictionary<long, int>? _codes;
    private readonly int _maxCodes;
    private int _nullCode = -1;
    private int _assigned;

    /// <param name="maxCodes">More distinct values than this among the matches is more groups than a query may make.</param>
    public GroupKeys(GroupColumn group, int maxCodes)
    {
        var column = group.Column;
        _column = column;
        _bucket = group.Bucket;
        _maxCodes = maxCodes;
        // Buckets are no more than the distinct instants they hold.
        Radix = column.DistinctCount + 1;
        if (column is DictionaryStringColumn dictionary && _bucket is null)
        {
            _dictionary = dictionary;
        }
        else if (_bucket is { } bucket && column is TimestampColumn { Range: { } range }
            && TimeBuckets.Start(range.Min, bucket) is var first && TimeBuckets.Steps(first, range.Max, bucket) + 1 is var buckets && buckets < Radix)
        {
            _firstBucket = first;
            Radix = (int)buckets + 1;
            _keys = column.OrderKeys;
        }
        else
        {
            _keys = column.OrderKeys;
            _codes = [];
        }
    }

    /// <summary>Every code is below this: the column's distinct values, plus one for null.</summary>
    public int Radix { get; }

    /// <summary>For each row of a chunk, <c>index = index * Radix + code</c>: the dense slot numbers, one key column at a time.</summary>
    public void AddCodes(ReadOnlySpan<int> rows, Span<int> indexes)
    {
        if (_dictionary is { } dictionary)
        {
            var codes = dictionary.Codes;
            var nullCode = Radix - 1;
            for (var i = 0; i < rows.Length; i++)
            {
                var code = codes[rows[i]];
                indexes[i] = (indexes[i] * Radix) + (code < 0 ? nullCode : code);
            }
        }
        else if (_firstBucket is { } first && _bucket is TimeBucket.Hour or TimeBucket.Day or TimeBucket.Week)
        {
            // Fixed widths: an unsigned division of the offset from the first bucket (never negative), no calendar.
            var width = (ulong)TimeBuckets.Width(_bucket.Value);
            var keys = _keys.AsSpan();
            var nulls = _column.Nulls;
            for (var i = 0; i < rows.Length; i++)
            {
                var row = rows[i];
                var code = nulls.IsNull(row) ? Radix - 1 : (int)((ulong)(keys[row] - first) / width);
                indexes[i] = (indexes[i] * Radix) + code;
            }
        }
        else
        {
            for (var i = 0; i < rows.Length; i++)
            {
                indexes[i] = (indexes[i] * Radix) + CodeOf(rows[i]);
            }
        }
    }

    public int CodeOf(int row)
    {
        if (_dictionary is { } dictionary)
        {
            var code = dictionary.Codes[row];
            return code < 0 ? Radix - 1 : code;
        }
        if (_firstBucket is { } first)
        {
            return _column.IsNull(row) ? Radix - 1 : (int)TimeBuckets.Steps(first, _keys![row], _bucket!.Value);
        }
        if (_column.IsNull(row))
        {
            // Null takes the next free code the first time it is seen, like any other value.
            return _nullCode >= 0 ? _nullCode : _nullCode = NextCode();
        }
        var key = _bucket is { } bucket ? TimeBuckets.Start(_keys![row], bucket) : _keys![row];
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_codes!, key, out var exists);
        if (!exists)
        {
            slot = NextCode();
        }
        return slot;
    }

    private int NextCode()
    {
        if (_assigned >= _maxCodes)
        {
            AggregationThrow.TooManyGroups(_maxCodes, $"{_column.Name} alone has more distinct values than that among the matching rows");
        }
        return _assigned++;
    }
}
