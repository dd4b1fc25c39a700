namespace Udc.Engine.Query.Aggregation;

internal enum AggregationLimit
{
    /// <summary>The grouping makes more groups than one query may hold: the query must change.</summary>
    TooManyGroups,

    /// <summary>As many large groupings as the server runs at once are running: the same query may be retried.</summary>
    Busy,
}

/// <summary>
/// An aggregation refused by <see cref="AggregationBudget"/>. The engine says which limit and by how much; the
/// edge turns it into its error (an HTTP status and envelope, a tool error).
/// </summary>
internal sealed class AggregationLimitException(AggregationLimit limit, string message, TimeSpan retryAfter = default) : Exception(message)
{
    public AggregationLimit Limit { get; } = limit;

    /// <summary>For <see cref="AggregationLimit.Busy"/>: when a retry is likely to find room.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
