namespace Udc.Engine.Describe;

/// <summary>How old a source's data is, in the seed's words: "2 hours ago", and fresh, stale or very_stale.</summary>
internal static class Freshness
{
    /// <summary>The seed's thresholds: fresh under an hour, stale under a day.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromHours(1);

    public static readonly TimeSpan StaleFor = TimeSpan.FromHours(24);

    public static string Staleness(TimeSpan age) => age < FreshFor ? "fresh" : age < StaleFor ? "stale" : "very_stale";

    public static string Describe(TimeSpan age)
    {
        if (age < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }
        if (age < TimeSpan.FromHours(1))
        {
            return Ago((int)age.TotalMinutes, "minute");
        }
        if (age < TimeSpan.FromDays(1))
        {
            return Ago((int)age.TotalHours, "hour");
        }
        return Ago((int)age.TotalDays, "day");
    }

    private static string Ago(int count, string unit) => count == 1 ? $"1 {unit} ago" : $"{count} {unit}s ago";
}
