using System.Globalization;
using Udc.Engine.Analytics;

namespace Udc.Tests.Engine.Analytics;

public sealed class TimeBucketsTests
{
    private static long Ms(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();

    /// <summary>The bucket's start computed with DateTime, independently of the integer arithmetic under test.</summary>
    private static long Expected(DateTime time, TimeBucket bucket) => new DateTimeOffset(bucket switch
    {
        TimeBucket.Hour => new DateTime(time.Year, time.Month, time.Day, time.Hour, 0, 0, DateTimeKind.Utc),
        TimeBucket.Day => time.Date,
        TimeBucket.Week => time.Date.AddDays(-(((int)time.DayOfWeek + 6) % 7)),
        _ => new DateTime(time.Year, time.Month, 1, 0, 0, 0, DateTimeKind.Utc),
    }, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Start_RandomInstantsFrom1900To2200_MatchesCalendarArithmetic()
    {
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var ms = (long)(random.NextDouble() * (Ms("2200-01-01") - Ms("1900-01-01"))) + Ms("1900-01-01");
            var time = DateTime.UnixEpoch.AddMilliseconds(ms);
            foreach (var bucket in Enum.GetValues<TimeBucket>())
            {
                Assert.Equal(Expected(time, bucket), TimeBuckets.Start(ms, bucket));
            }
        }
    }

    [Theory]
    [InlineData("2024-03-17T23:59:59Z", "2024-03-11T00:00:00Z")]
    [InlineData("2024-03-18T00:00:00Z", "2024-03-18T00:00:00Z")]
    [InlineData("1969-12-31T12:00:00Z", "1969-12-29T00:00:00Z")]
    public void Start_Week_StartsOnMonday(string instant, string monday) => Assert.Equal(Ms(monday), TimeBuckets.Start(Ms(instant), TimeBucket.Week));

    [Theory]
    [InlineData("2024-01-01", "month", 13, "2025-02-01")]
    [InlineData("2024-03-01", "month", -3, "2023-12-01")]
    [InlineData("2024-02-26", "week", 1, "2024-03-04")]
    [InlineData("2024-03-10", "day", -10, "2024-02-29")]
    public void Add_StepsWholeBuckets(string start, string bucketName, int steps, string expected)
    {
        Assert.True(TimeBuckets.TryParse(bucketName, out var bucket));
        Assert.Equal(Ms(expected), TimeBuckets.Add(Ms(start), bucket, steps));
        Assert.Equal(steps, TimeBuckets.Steps(Ms(start), Ms(expected), bucket));
    }
}
