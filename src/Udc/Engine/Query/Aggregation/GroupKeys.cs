using System.Buffers;
using Udc.Engine.Analytics;
using Udc.Engine.Columns;
using Udc.Engine.Query.Kernels;

namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// Dense group codes for one group-by column. A dictionary column already has them (null gets the last
/// code); any other column gets codes for the distinct values among the matching rows only.
/// </summary>
internal sealed class GroupKeys : IDisposable
{
    private readonly DictionaryStringColumn? _dictionary;
    private int[]? _codes;

    private GroupKeys(int cardinality, DictionaryStringColumn? dictionary, int[]? codes)
    {
        Cardinality = cardinality;
        _dictionary = dictionary;
        _codes = codes;
    }

    /// <summary>The number of distinct codes, null included.</summary>
    public int Cardinality { get; }

    public int CodeOf(int row)
    {
        if (_dictionary is { } dictionary)
        {
            var code = dictionary.Codes[row];
            return code < 0 ? Cardinality - 1 : code;
        }
        return _codes![row];
    }

    public static GroupKeys For(GroupColumn group, ReadOnlySpan<ulong> mask)
    {
        var column = group.Column;
        if (column is DictionaryStringColumn dictionary && group.Bucket is null)
        {
            return new GroupKeys(dictionary.DistinctCount + 1, dictionary, null);
        }

        var keys = column.OrderKeys;
        var nulls = column.Nulls;
        var codes = ArrayPool<int>.Shared.Rent(column.RowCount);
        var byKey = new Dictionary<long, int>();
        var nullCode = -1;
        foreach (var row in MaskKernels.EnumerateRows(mask))
        {
            int code;
            if (nulls.IsNull(row))
            {
                // Null takes the next free code the first time it is seen, like any other value.
                if (nullCode < 0)
                {
                    nullCode = byKey.Count;
                }
                code = nullCode;
            }
            else
            {
                var key = group.Bucket is { } bucket ? TimeBuckets.Start(keys[row], bucket) : keys[row];
                if (!byKey.TryGetValue(key, out code))
                {
                    code = byKey.Count + CountNull(nullCode);
                    byKey.Add(key, code);
                }
            }
            codes[row] = code;
        }
        return new GroupKeys(byKey.Count + CountNull(nullCode), null, codes);
    }

    private static int CountNull(int nullCode) => nullCode >= 0 ? 1 : 0;

    public void Dispose()
    {
        if (_codes is { } codes)
        {
            _codes = null;
            ArrayPool<int>.Shared.Return(codes);
        }
    }
}
