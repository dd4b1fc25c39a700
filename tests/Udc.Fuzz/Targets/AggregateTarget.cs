using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Data;

namespace Udc.Fuzz.Targets;

/// <summary>
/// The query string of <c>/data/{source}/aggregate</c>: filters plus <c>group_by</c>, <c>metrics</c> and <c>limit</c>,
/// bound, grouped within a small budget (so the bounds are fuzzed too) and written.
/// </summary>
internal sealed class AggregateTarget : FuzzTarget
{
    private static readonly DateTimeOffset s_now = new(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Small enough that the fuzzer reaches the refusals: 200 groups, 64 KiB, heavy past 16 KiB, one at a time.</summary>
    private static readonly AggregationBudget s_budget = new(200, 64 * 1024, 16 * 1024, 1, () => { });

    public override string Name => "aggregate";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var snapshot = DemoSnapshots.Get("support");
        var query = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(input));
        var issues = new List<ValidationIssue>();
        var request = QueryStringRequest.Read(query, AggregateSpec.Parameters, issues);
        var aggregateRequest = QueryStringRequest.ReadAggregate(query, issues);
        var parsed = QueryBinder.Bind(snapshot, request, RequestOrigin.QueryString, issues);
        var (aggregate, _) = AggregateBinder.Bind(snapshot, aggregateRequest, RequestOrigin.QueryString);
        if (parsed.Spec is not { } spec || aggregate is null)
        {
            return;
        }
        try
        {
            var result = Aggregator.Run(snapshot, spec, aggregate, s_budget);
            using var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());
            AggregateResponse.Write(writer, result, s_now);
        }
        catch (AggregationLimitException)
        {
        }
    }
}
