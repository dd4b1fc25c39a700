namespace Udc.Engine.Columns;

internal static class DistinctCounter
{
    /// <summary>Exact count of distinct non-null values. Runs once per column and snapshot, off the query path.</summary>
    public static int Count(ReadOnlySpan<long> values, NullMask nulls)
    {
        var seen = new HashSet<long>();
        for (var row = 0; row < values.Length; row++)
        {
            if (!nulls.IsNull(row))
            {
                seen.Add(values[row]);
            }
        }
        return seen.Count;
    }
}
