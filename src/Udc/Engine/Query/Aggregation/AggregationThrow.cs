using System.Diagnostics.CodeAnalysis;

namespace Udc.Engine.Query.Aggregation;

/// <summary>Throw helpers, so the grouping loops stay free of throw sites.</summary>
internal static class AggregationThrow
{
    [DoesNotReturn]
    public static void TooManyGroups(int maxGroups, string why) =>
        throw new AggregationLimitException(AggregationLimit.TooManyGroups,
            $"This grouping makes more than {maxGroups:N0} groups ({why}). Group by fewer or lower-cardinality columns, or filter the rows first.");
}
