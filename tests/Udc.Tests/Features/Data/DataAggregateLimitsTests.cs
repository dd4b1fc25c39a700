using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Udc.Engine.Generation;
using Udc.Engine.Query.Aggregation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Data;

/// <summary>
/// <c>/data/{source}/aggregate</c> past the engine's bounds: a grouping with too many groups is a 422 that says
/// what to change, and a heavy one while every heavy slot is taken a 503 with <c>Retry-After</c>.
/// </summary>
public sealed class DataAggregateLimitsTests
{
    private static readonly DemoDataOptions s_tickets = new() { Tickets = 2_000, Customers = 100 };

    [Fact]
    public async Task Aggregate_MoreGroupsThanTheBudget_422AggregateTooLarge()
    {
        var budget = new AggregationBudget(500, AggregationBudget.DefaultMaxScratchBytes, AggregationBudget.DefaultHeavyBytes, 2, () => { });
        await using var server = await UdcTestServer.StartWithDemoDataAsync(s_tickets, services => services.AddSingleton(budget));

        var response = await server.GetAsync("/data/support/aggregate?group_by=ticket_id");

        var details = response.ExpectError(HttpStatusCode.UnprocessableEntity, "AGGREGATE_TOO_LARGE");
        Assert.Contains("more than 500 groups", response.Json.GetProperty("error").Text("message"), StringComparison.Ordinal);
        Assert.Equal(["query", "group_by"], Assert.Single(details.EnumerateArray()).GetProperty("loc").Strings());
    }

    [Fact]
    public async Task Aggregate_HeavyWhileEverySlotIsTaken_503WithRetryAfterThenAnswered()
    {
        var budget = new AggregationBudget(100_000, AggregationBudget.DefaultMaxScratchBytes, 1_024, 1, () => { });
        await using var server = await UdcTestServer.StartWithDemoDataAsync(s_tickets, services => services.AddSingleton(budget));
        const string heavy = "/data/support/aggregate?group_by=ticket_id,customer_id";

        ApiResponse busy;
        using (budget.EnterHeavy())
        {
            busy = await server.GetAsync(heavy);
        }
        var answered = await server.GetAsync(heavy);

        busy.ExpectError(HttpStatusCode.ServiceUnavailable, "SERVER_BUSY");
        Assert.Equal("2", busy.Headers["retry-after"]);
        answered.Expect(HttpStatusCode.OK);
    }
}
