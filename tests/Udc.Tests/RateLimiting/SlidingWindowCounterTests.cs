using Udc.RateLimiting;
using Udc.Tests.TestSupport;

namespace Udc.Tests.RateLimiting;

public sealed class SlidingWindowCounterTests
{
    [Fact]
    public void Acquire_ExactlyLimitAllowed_ThenRejectedWithResetOfOldest()
    {
        var counter = new SlidingWindowCounter(segments: 10);
        for (var i = 0; i < 5; i++)
        {
            var (allowed, remaining, _) = counter.Acquire(10_000 + i, 1_000, limit: 5, units: 1);
            Assert.True(allowed);
            Assert.Equal(4 - i, remaining);
        }
        var rejected = counter.Acquire(12_500, 1_000, limit: 5, units: 1);
        Assert.False(rejected.Allowed);
        Assert.Equal(0, rejected.Remaining);
        // The first requests were counted in segment 10 (10,000-10,999); it leaves a 10 s window at 20,000.
        Assert.Equal(20_000 - 12_500, rejected.ResetMilliseconds);
    }

    [Fact]
    public void Acquire_AfterOldestSegmentLeaves_AllowsAgain()
    {
        var counter = new SlidingWindowCounter(segments: 10);
        for (var i = 0; i < 3; i++)
        {
            counter.Acquire(10_000, 1_000, 3, 1);
        }
        Assert.False(counter.Acquire(19_999, 1_000, 3, 1).Allowed);
        Assert.True(counter.Acquire(20_000, 1_000, 3, 1).Allowed);
    }

    [Fact]
    public void Acquire_WeightedUnits_CountByWeightAndAdmitWhileUnderTheLimit()
    {
        var counter = new SlidingWindowCounter(10);

        var first = counter.Acquire(0, 1_000, 100, units: 60);
        var second = counter.Acquire(0, 1_000, 100, units: 60);
        var third = counter.Acquire(0, 1_000, 100, units: 1);

        Assert.Equal((true, 40), (first.Allowed, first.Remaining));
        Assert.Equal((true, 0), (second.Allowed, second.Remaining));
        Assert.False(third.Allowed);
    }

    [Fact]
    public void Acquire_WithoutConsume_DoesNotCount()
    {
        var counter = new SlidingWindowCounter(segments: 2);
        Assert.True(counter.Acquire(0, 1_000, 1, units: 0).Allowed);
        Assert.True(counter.Acquire(0, 1_000, 1, units: 1).Allowed);
        Assert.False(counter.Acquire(0, 1_000, 1, units: 0).Allowed);
    }

    [Fact]
    public void LocalRateLimiter_FullOfLivePartitions_NewPartitionsShareOverflowWindow()
    {
        var time = new ManualTimeProvider();
        var limiter = new LocalRateLimiter(segments: 2, segmentMilliseconds: 1_000, maxPartitions: 3, time);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.Acquire(new PartitionKey("rl", $"p{i}", ""), limit: 2).Allowed);
        }
        Assert.True(limiter.Acquire(new PartitionKey("rl", "new-1", ""), limit: 2).Allowed);
        Assert.True(limiter.Acquire(new PartitionKey("rl", "new-2", ""), limit: 2).Allowed);
        Assert.False(limiter.Acquire(new PartitionKey("rl", "new-3", ""), limit: 2).Allowed);
        Assert.True(limiter.PartitionCount <= 4);

        // Once every counted request has left the window, idle partitions are dropped and new ones get their own.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(limiter.Acquire(new PartitionKey("rl", "new-4", ""), limit: 2).Allowed);
        Assert.True(limiter.Acquire(new PartitionKey("rl", "new-4", ""), limit: 2).Allowed);
        Assert.True(limiter.PartitionCount <= 3);
    }
}
