using Udc.Background;

namespace Udc.Tests.Background;

public sealed class ScheduleTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 10, 7, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    public void TryParse_Interval_NextIsThatFarAhead(string text, int seconds)
    {
        Assert.True(Schedule.TryParse(text, out var schedule, out _));
        Assert.Equal(s_now.AddSeconds(seconds), schedule.Next(s_now));
    }

    [Fact]
    public void TryParse_FiveFieldCron_NextOccurrenceInUtc()
    {
        Assert.True(Schedule.TryParse("*/15 * * * *", out var schedule, out _));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 15, 0, TimeSpan.Zero), schedule.Next(s_now));
    }

    [Fact]
    public void TryParse_SixFieldCron_SecondsFirst()
    {
        Assert.True(Schedule.TryParse("0 30 2 * * *", out var schedule, out _));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 2, 30, 0, TimeSpan.Zero), schedule.Next(s_now));
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("10x")]
    [InlineData("5 minutes")]
    [InlineData("* * *")]
    [InlineData("61 * * * *")]
    public void TryParse_Invalid_FalseWithTheTextInTheError(string text)
    {
        Assert.False(Schedule.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }
}
