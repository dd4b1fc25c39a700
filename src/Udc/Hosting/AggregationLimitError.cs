using System.Globalization;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Hosting;

/// <summary>An aggregation the engine refused, as HTTP: 422 when the query must change, 503 with Retry-After when it may be retried.</summary>
internal static class AggregationLimitError
{
    public static JsonResponse Create(AggregationLimitException e, HttpResponse response)
    {
        if (e.Limit == AggregationLimit.Busy)
        {
            response.Headers.RetryAfter = Math.Ceiling(e.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return ApiError.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServerBusy, e.Message);
        }
        return ApiError.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.AggregateTooLarge, e.Message,
            [ValidationIssue.Query(AggregateSpec.GroupByParameter, "too many groups: group by fewer or lower-cardinality columns, or filter the rows first")]);
    }
}
