using Udc.Outbound;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Outbound;

public sealed class OutboundTargetsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enter_OverTheRate_WaitsForTheWindow()
    {
        var targets = new OutboundTargets(TimeProvider.System);
        targets.Configure("vendor", new TargetLimits(RequestsPerSecond: 5));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(targets.EnterAsync("vendor", Token).IsCompletedSuccessfully);
        }

        var sixth = targets.EnterAsync("vendor", Token).AsTask();

        Assert.False(sixth.IsCompleted);
        Assert.True(targets.EnterAsync("other", Token).IsCompletedSuccessfully);
        await sixth.WaitAsync(TimeSpan.FromSeconds(10), Token);
    }

    [Fact]
    public async Task Enter_AfterThresholdFailures_ThrowsUntilTheCoolDownThenLetsOneProbeThrough()
    {
        var time = new ManualTimeProvider();
        var targets = new OutboundTargets(time);
        targets.Configure("vendor", new TargetLimits(0, FailureThreshold: 2));
        targets.Failed("vendor");
        Assert.True(targets.Failed("vendor"));

        var refused = await Assert.ThrowsAsync<TargetUnavailableException>(() => targets.EnterAsync("vendor", Token).AsTask());
        Assert.Equal(CircuitBreaker.DefaultMinOpen, refused.RetryAfter);

        time.Advance(CircuitBreaker.DefaultMinOpen);
        await targets.EnterAsync("vendor", Token);
        await Assert.ThrowsAsync<TargetUnavailableException>(() => targets.EnterAsync("vendor", Token).AsTask());
        targets.Succeeded("vendor");
        await targets.EnterAsync("vendor", Token);
        Assert.Equal("closed", targets.CircuitState("vendor"));
    }
}
