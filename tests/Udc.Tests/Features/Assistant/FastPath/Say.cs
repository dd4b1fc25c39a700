using System.Globalization;

namespace Udc.Tests.Features.Assistant.FastPath;

/// <summary>How the fast path's answers say numbers, dates and lists (README, "The fast path"), for expected answers.</summary>
internal static class Say
{
    public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("#,0.####", CultureInfo.InvariantCulture);

    /// <summary>Averages are said to two decimals.</summary>
    public static string Average(double value) => Number(Math.Round(value, 2));

    public static string Date(DateOnly date) => date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateTime time) => Date(DateOnly.FromDateTime(time));

    /// <summary>"a, b and c".</summary>
    public static string And(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count < 2 ? string.Concat(list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }

    /// <summary>"a, b or c".</summary>
    public static string Or(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count < 2 ? string.Concat(list) : string.Join(", ", list[..^1]) + " or " + list[^1];
    }

    /// <summary>"There are 12 shipped orders.", "There is 1 …", "There are no …".</summary>
    public static string Count(long count, string singular, string plural) => count switch
    {
        0 => $"There are no {plural}.",
        1 => $"There is 1 {singular}.",
        _ => $"There are {Number(count)} {plural}.",
    };
}
