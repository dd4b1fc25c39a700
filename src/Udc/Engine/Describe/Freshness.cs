namespace Udc.Engine.Describe;

/// <summary>How old a source's data is, in the seed's words: "2 hours ago", and fresh, stale or very_stale.</summary>
internal static class Freshness
{
    /// <summary>The seed's thresholds: fresh under an hour, stale under a day.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromHours(1);

    public static readonly TimeSpan StaleFor = TimeSpan.FromHours(24);

    /// <summary>The freshness of a source that has never held data: an ingested source before its first complete run.</summary>
    public static readonly DateTimeOffset Never = DateTimeOffset.UnixEpoch;

    /// <summary>What <see cref="Describe(DateTimeOffset, DateTimeOffset)"/> says of <see cref="Never"/>: it has no age to tell.</summary>
    public const string NeverText = "never updated";

    public static string Staleness(TimeSpan age) => age < FreshFor ? "fresh" : age < StaleFor ? "stale" : "very_stale";

    /// <summary>The age of data fresh as of <paramref name="freshAt"/>, never below zero (a clock may run behind a file's).</summary>
    public static TimeSpan Age(DateTimeOffset freshAt, DateTimeOffset now) => now > freshAt ? now - freshAt : TimeSpan.Zero;

    /// <summary>The staleness of data fresh as of <paramref name="freshAt"/> (very_stale for <see cref="Never"/>).</summary>
    public static string Staleness(DateTimeOffset freshAt, DateTimeOffset now) => Staleness(Age(freshAt, now));

    /// <summary>"2 hours ago", or <see cref="NeverText"/> for data that has never come (staleness: very_stale).</summary>
    public static string Describe(DateTimeOffset freshAt, DateTimeOffset now) => freshAt == Never ? NeverText : Describe(Age(freshAt, now));

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
