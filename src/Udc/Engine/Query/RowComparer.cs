using Udc.Engine.Columns;

namespace Udc.Engine.Query;

/// <summary>
/// Orders rows by sort keys, nulls last, ties broken by row position so every order is total and pages never
/// overlap. A struct, so the page heap is specialised for it and compares without a virtual call (the full
/// sort of deep pages goes through <see cref="IComparer{T}"/>, which costs a little more and is rare).
/// </summary>
internal readonly struct RowComparer : IComparer<int>
{
    private readonly long[][] _keys;
    private readonly bool[] _descending;
    private readonly NullMask[] _nulls;

    public RowComparer(IReadOnlyList<SortKey> sort)
    {
        _keys = new long[sort.Count][];
        _descending = new bool[sort.Count];
        _nulls = new NullMask[sort.Count];
        for (var i = 0; i < sort.Count; i++)
        {
            _keys[i] = sort[i].Column.OrderKeys;
            _descending[i] = sort[i].Descending;
            _nulls[i] = sort[i].Column.Nulls;
        }
    }

    public int Compare(int x, int y)
    {
        for (var level = 0; level < _keys.Length; level++)
        {
            var nulls = _nulls[level];
            if (nulls.HasNulls)
            {
                var xNull = nulls.IsNull(x);
                if (xNull != nulls.IsNull(y))
                {
                    return xNull ? 1 : -1;
                }
                if (xNull)
                {
                    continue;
                }
            }
            var keys = _keys[level];
            var order = keys[x].CompareTo(keys[y]);
            if (order != 0)
            {
                return _descending[level] ? -order : order;
            }
        }
        return x.CompareTo(y);
    }
}
