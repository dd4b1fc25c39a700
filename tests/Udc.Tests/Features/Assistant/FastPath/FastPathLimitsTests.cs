using Microsoft.Extensions.DependencyInjection;
using Udc.Engine.Generation;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Assistant.FastPath;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Assistant.FastPath;

/// <summary>The fast path inside the engine's bounds: a breakdown the aggregation budget refuses goes to the model.</summary>
public sealed class FastPathLimitsTests
{
    private const string Question = "tickets per customer";

    private static readonly DemoDataOptions s_data = new() { Tickets = 400, Customers = 100 };

    [Fact]
    public async Task Breakdown_WithinTheBudget_Answered()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(s_data, _ => { });

        var answer = server.Services.GetRequiredService<FastPathResolver>().TryAnswer(Question);

        Assert.NotNull(answer);
        Assert.Equal("aggregate_data", answer.ToolName);
    }

    [Fact]
    public async Task Breakdown_PastTheAggregationBudget_HandedToTheModel()
    {
        // Three groups at most: the customers of 400 tickets are many more.
        var budget = new AggregationBudget(3, AggregationBudget.DefaultMaxScratchBytes, AggregationBudget.DefaultHeavyBytes, 2, () => { });
        await using var server = await UdcTestServer.StartWithDemoDataAsync(s_data, services => services.AddSingleton(budget));

        var answer = server.Services.GetRequiredService<FastPathResolver>().TryAnswer(Question);

        Assert.Null(answer);
    }
}
