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
        var array = groups.ToArray();
        Array.Sort(array, (a, b) => Compare(a, b, spec));
        return array;
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
