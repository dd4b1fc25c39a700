using System.Runtime.InteropServices;
using Udc.Engine.Analytics;
using Udc.Engine.Columns;

namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// Dense group codes for one group-by column, met row by row. A dictionary column already has them (null gets
/// the last code); any other column's values get codes in order of first appearance among the matching rows,
/// read through its order keys (one long per row whatever the type), so a grouping holds a table of the
/// distinct values it met and nothing sized by the row count. A time bucket codes the bucket's first instant, so the
/// rows of one week share a code.
/// </summary>
internal sealed class GroupKeys
{
    private readonly Column _column;
    private readonly TimeBucket? _bucket;
    private readonly DictionaryStringColumn? _dictionary;
    private readonly long[]? _keys;
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
        else
        {
            _keys = column.OrderKeys;
            _codes = [];
        }
    }

    /// <summary>Every code is below this: the column's distinct values, plus one for null.</summary>
    public int Radix { get; }

    public int CodeOf(int row)
    {
        if (_dictionary is { } dictionary)
        {
            var code = dictionary.Codes[row];
            return code < 0 ? Radix - 1 : code;
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
