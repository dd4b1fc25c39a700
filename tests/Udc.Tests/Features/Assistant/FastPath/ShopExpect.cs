namespace Udc.Tests.Features.Assistant.FastPath;

/// <summary>
/// Expected facts over <see cref="ShopData"/>, computed from its rows with LINQ, and said the way the fast path says
/// them: counts, lists, extremes, metrics, groups and ranks.
/// </summary>
internal static class ShopExpect
{
    public static readonly (DateOnly From, DateOnly To) ThisYear = (new(2026, 1, 1), new(2026, 12, 31));
    public static readonly (DateOnly From, DateOnly To) LastYear = (new(2025, 1, 1), new(2025, 12, 31));
    public static readonly (DateOnly From, DateOnly To) ThisMonth = (new(2026, 11, 1), new(2026, 11, 30));
    public static readonly (DateOnly From, DateOnly To) LastMonth = (new(2026, 10, 1), new(2026, 10, 31));
    public static readonly (DateOnly From, DateOnly To) ThisWeek = (new(2026, 11, 23), new(2026, 11, 29));
    public static readonly (DateOnly From, DateOnly To) LastWeek = (new(2026, 11, 16), new(2026, 11, 22));
    public static readonly (DateOnly From, DateOnly To) March = (new(2026, 3, 1), new(2026, 3, 31));
    public static readonly (DateOnly From, DateOnly To) Forever = (DateOnly.MinValue, DateOnly.MaxValue);

    public static DateOnly Day(Order order) => DateOnly.FromDateTime(order.OrderedAt);

    public static bool In(DateOnly day, (DateOnly From, DateOnly To) period) => day >= period.From && day <= period.To;

    public static IEnumerable<Order> Orders(ShopData d, (DateOnly From, DateOnly To) period) => d.Orders.Where(o => In(Day(o), period));

    /// <summary>"There are 12 shipped orders this year." for rows that read "shipped order(s)" plus the period said.</summary>
    public static string Count<T>(IEnumerable<T> rows, string singular, string plural) => Say.Count(rows.LongCount(), singular, plural);

    /// <summary>
    /// The largest (or smallest) row by a key and the sentence head for it; null when two rows share the first
    /// place, which the fast path hands over.
    /// </summary>
    public static T? First<T>(IEnumerable<T> rows, Func<T, double> key, bool descending) where T : class
    {
        var ordered = (descending ? rows.OrderByDescending(key) : rows.OrderBy(key)).Take(2).ToList();
        return ordered.Count == 2 && key(ordered[0]) == key(ordered[1]) ? null : ordered.FirstOrDefault();
    }

    /// <summary>"86 cancelled, 86 shipped, 85 pending, 74 returned and 69 delivered": largest first, ties in first-seen order, the empty group last.</summary>
    public static string CountsBy<T>(IEnumerable<T> rows, Func<T, string?> group, string groupWords)
    {
        var groups = rows.GroupBy(group).OrderBy(g => g.Key is null).ThenByDescending(g => g.Count()).ToList();
        var items = groups.Take(6).Select(g => g.Key is null ? $"{Say.Number(g.Count())} with no {groupWords}" : $"{Say.Number(g.Count())} {g.Key}").ToList();
        if (groups.Count > 6)
        {
            items.Add($"{groups.Count - 6} more");
        }
        return Say.And(items);
    }

    /// <summary>"north 1,081.75, south 998.2 and no region 1,047.62": highest first, the empty group last.</summary>
    public static string MetricBy<T>(IEnumerable<T> rows, Func<T, string?> group, Func<IEnumerable<T>, double> metric, Func<double, string> say, string groupWords)
    {
        var groups = rows.GroupBy(group).Select(g => (g.Key, Value: metric(g))).OrderBy(g => g.Key is null).ThenByDescending(g => g.Value).ToList();
        var items = groups.Take(6).Select(g => $"{g.Key ?? "no " + groupWords} {say(g.Value)}").ToList();
        if (groups.Count > 6)
        {
            items.Add($"{groups.Count - 6} more");
        }
        return Say.And(items);
    }

    /// <summary>
    /// The group(s) with the most (or fewest) by a key, values without rows counting 0 when <paramref name="all"/>
    /// lists every value, rows with no group left out: "The customer with the most orders is Alan Turing, with 36."
    /// </summary>
    public static string Rank<T>(IEnumerable<T> rows, Func<T, string?> group, Func<IEnumerable<T>, double> key, Func<double, string> say,
        bool most, string groupWords, string groupPlural, string what, IEnumerable<string>? all = null)
    {
        var groups = rows.Where(r => group(r) is not null).GroupBy(group).Select(g => (Name: g.Key!, Value: key(g))).ToList();
        if (all is not null)
        {
            groups.AddRange(all.Where(v => groups.All(g => g.Name != v)).Select(v => (v, 0.0)));
        }
        var best = most ? groups.Max(g => g.Value) : groups.Min(g => g.Value);
        var top = groups.Where(g => g.Value == best).Select(g => g.Name).ToList();
        return top.Count == 1
            ? $"The {groupWords} with the {what} is {top[0]}, with {say(best)}."
            : $"The {groupPlural} with the {what} are {Say.And(top)}, with {say(best)} each.";
    }

    /// <summary>"order 400, order 399 and order 398": the newest first.</summary>
    public static string Newest(IEnumerable<Order> rows, int count) => Say.And(rows.OrderByDescending(o => o.OrderedAt).Take(count).Select(o => $"order {o.OrderId}"));

    public static string Money(double value) => Say.Number(value);
}
