namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// The order groups are returned in: largest first by default, else by the requested group columns and metrics.
/// Ties fall back to the first row of each group, so an order is the same on every run; missing values come last.
/// </summary>
internal static class GroupOrdering
{
    public static IEnumerable<Group> Sort(List<Group> groups, AggregateSpec spec)
    {
        if (spec.Order.Count == 0)
        {
            return groups.OrderByDescending(g => g.Count).ThenBy(g => g.KeyRow);
        }
        if (spec.Order[0] is { GroupIndex: >= 0 } first)
        {
            // Ordered by a group column first (a time bucket, most often): each group's key is worked out once, not
            // at each of the n log n comparisons (a bucket's start is calendar arithmetic; 16,667 hours take ~250,000).
            var column = spec.GroupBy[first.GroupIndex];
            var keyed = new KeyedGroup[groups.Count];
            for (var i = 0; i < keyed.Length; i++)
            {
                var row = groups[i].KeyRow;
                var missing = column.Column.IsNull(row);
                keyed[i] = new KeyedGroup(groups[i], missing ? 0 : column.KeyOf(row), missing);
            }
            keyed.AsSpan().Sort(new ByFirstKey(spec, first.Descending));
            return keyed.Select(k => k.Group);
        }
        var array = groups.ToArray();
        Array.Sort(array, (a, b) => Compare(a, b, spec));
        return array;
    }

    private readonly record struct KeyedGroup(Group Group, long Key, bool Missing);

    /// <summary>The first order level from the worked-out keys (missing last, either direction), then every level as <see cref="Compare"/> does.</summary>
    private readonly struct ByFirstKey(AggregateSpec spec, bool descending) : IComparer<KeyedGroup>
    {
        public int Compare(KeyedGroup a, KeyedGroup b)
        {
            if (a.Missing || b.Missing)
            {
                return a.Missing == b.Missing ? GroupOrdering.Compare(a.Group, b.Group, spec) : a.Missing ? 1 : -1;
            }
            var result = a.Key.CompareTo(b.Key);
            return result != 0 ? (descending ? -result : result) : GroupOrdering.Compare(a.Group, b.Group, spec);
        }
    }

    private static int Compare(Group a, Group b, AggregateSpec spec)
    {
        foreach (var level in spec.Order)
        {
            var result = level.GroupIndex >= 0 ? CompareKeys(spec.GroupBy[level.GroupIndex], a.KeyRow, b.KeyRow, level.Descending) : CompareValues(a.Values[level.MetricIndex], b.Values[level.MetricIndex], level.Descending);
            if (result != 0)
            {
                return result;
            }
        }
        return a.KeyRow.CompareTo(b.KeyRow);
    }

    private static int CompareKeys(GroupColumn group, int a, int b, bool descending)
    {
        var aNull = group.Column.IsNull(a);
        var bNull = group.Column.IsNull(b);
        if (aNull || bNull)
        {
            return aNull == bNull ? 0 : aNull ? 1 : -1;
        }
        var result = group.KeyOf(a).CompareTo(group.KeyOf(b));
        return descending ? -result : result;
    }

    private static int CompareValues(MetricValue a, MetricValue b, bool descending)
    {
        var aNone = a.Kind == MetricValueKind.None;
        var bNone = b.Kind == MetricValueKind.None;
        if (aNone || bNone)
        {
            return aNone == bNone ? 0 : aNone ? 1 : -1;
        }
        var result = a.Kind == MetricValueKind.Integer && b.Kind == MetricValueKind.Integer
            ? a.Integer.CompareTo(b.Integer)
            : Number(a).CompareTo(Number(b));
        return descending ? -result : result;
    }

    private static double Number(MetricValue value) => value.Kind == MetricValueKind.Integer ? (double)value.Integer : value.Real;
}
