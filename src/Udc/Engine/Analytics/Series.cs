namespace Udc.Engine.Analytics;

/// <summary>
/// One series in time order: raw points, or one value per bucket (empty buckets are absent, not zero). Times are Unix
/// milliseconds, a bucket's first instant for buckets.
/// </summary>
/// <param name="Key">The series column's value as text; null without a series column (or for rows where it is null).</param>
/// <param name="KeyRow">A row of the series, so its key can be written with the column's own type.</param>
/// <param name="Counts">Points per bucket; null for raw points.</param>
internal sealed record Series(string? Key, int KeyRow, long[] Times, double[] Values, long[]? Counts)
{
    public int Length => Times.Length;
}

/// <summary>The series of one analytics request, in key order, and how many more there were.</summary>
internal sealed record SeriesSet(IReadOnlyList<Series> Items, int TotalSeries, int MatchCount)
{
    public int Omitted => TotalSeries - Items.Count;
}
