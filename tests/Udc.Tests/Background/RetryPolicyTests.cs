using Udc.Background;

namespace Udc.Tests.Background;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy s_policy = new(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    [Fact]
    public void DelayAfter_EachFailure_DoublesWithJitterUpToTheCap()
    {
        for (var run = 0; run < 50; run++)
        {
            var first = s_policy.DelayAfter(1, null);
            var third = s_policy.DelayAfter(3, null);
            Assert.InRange(first, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            Assert.InRange(third, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
            Assert.Equal(TimeSpan.FromSeconds(10), s_policy.DelayAfter(40, null));
        }
    }

    [Fact]
    public void DelayAfter_RetryAfterGiven_HonouredBeyondTheBackoffCapButNotPastAnHour()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), s_policy.DelayAfter(1, TimeSpan.FromSeconds(30)));
        Assert.Equal(RetryPolicy.MaxRetryAfter, s_policy.DelayAfter(1, TimeSpan.FromDays(3)));
    }

    [Fact]
    public void CanRetry_LastAttempt_False()
    {
        Assert.True(s_policy.CanRetry(3));
        Assert.False(s_policy.CanRetry(4));
    }
}
