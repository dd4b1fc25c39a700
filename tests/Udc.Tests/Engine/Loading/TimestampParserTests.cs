using System.Globalization;
using System.Text;
using Udc.Engine.Loading;

namespace Udc.Tests.Engine.Loading;

public sealed class TimestampParserTests
{
    [Theory]
    [InlineData("2024-03-15", "2024-03-15T00:00:00.000Z", true)]
    [InlineData("2024-02-29", "2024-02-29T00:00:00.000Z", true)]
    [InlineData("1969-12-31", "1969-12-31T00:00:00.000Z", true)]
    [InlineData("2024-03-15T10:30:00Z", "2024-03-15T10:30:00.000Z", false)]
    [InlineData("2024-03-15t10:30:00z", "2024-03-15T10:30:00.000Z", false)]
    [InlineData("2024-03-15 10:30:00", "2024-03-15T10:30:00.000Z", false)]
    [InlineData("2024-03-15T10:30", "2024-03-15T10:30:00.000Z", false)]
    [InlineData("2024-03-15T10:30Z", "2024-03-15T10:30:00.000Z", false)]
    [InlineData("2024-03-15T10:30:00.125Z", "2024-03-15T10:30:00.125Z", false)]
    [InlineData("2024-03-15T10:30:00,5Z", "2024-03-15T10:30:00.500Z", false)]
    [InlineData("2024-03-15T10:30:00.1234567Z", "2024-03-15T10:30:00.123Z", false)]
    [InlineData("2024-03-15T10:30:00.123456789Z", "2024-03-15T10:30:00.123Z", false)]
    [InlineData("2024-03-15T12:30:00+02:00", "2024-03-15T10:30:00.000Z", false)]
    [InlineData("2024-03-15T05:00:00-0530", "2024-03-15T10:30:00.000Z", false)]
    [InlineData("2024-03-15T12:30:00+02", "2024-03-15T10:30:00.000Z", false)]
    [InlineData("2024-03-15T00:30:00+01:00", "2024-03-14T23:30:00.000Z", false)]
    [InlineData("2024-03-15 10:30:00.250-00:30", "2024-03-15T11:00:00.250Z", false)]
    [InlineData("2024-12-31T23:59:59.999Z", "2024-12-31T23:59:59.999Z", false)]
    public void TryParse_ValidInput_ExpectedInstant(string text, string expectedUtc, bool expectedDateOnly)
    {
        var ok = TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), out var unixMs, out var dateOnly);

        Assert.True(ok);
        var expected = DateTimeOffset.Parse(expectedUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
        Assert.Equal(expected, unixMs);
        Assert.Equal(expectedDateOnly, dateOnly);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024")]
    [InlineData("2024-03")]
    [InlineData("12-5")]
    [InlineData("2024-02-30")]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-03-00")]
    [InlineData("0000-01-01")]
    [InlineData("2024-3-15")]
    [InlineData("2024/03/15")]
    [InlineData("15-03-2024")]
    [InlineData("2024-03-15X")]
    [InlineData("2024-03-15 ")]
    [InlineData("2024-03-15T")]
    [InlineData("2024-03-15T24:00:00Z")]
    [InlineData("2024-03-15T10:60:00Z")]
    [InlineData("2024-03-15T10:30:60Z")]
    [InlineData("2024-03-15T1:30:00Z")]
    [InlineData("2024-03-15T10:30:00.Z")]
    [InlineData("2024-03-15T10:30:00.")]
    [InlineData("2024-03-15T10:30:0")]
    [InlineData("2024-03-15T10:30:00ZZ")]
    [InlineData("2024-03-15T10:30:00+2")]
    [InlineData("2024-03-15T10:30:00+02:0")]
    [InlineData("2024-03-15T10:30:00+02:00:00")]
    [InlineData("2024-03-15T10:30:00+15:00")]
    [InlineData("2024-03-15T10:30:00+02:60")]
    [InlineData("2024-03-15T10:30:00 UTC")]
    [InlineData("+2024-03-15")]
    [InlineData("２０２４-03-15")]
    public void TryParse_InvalidInput_False(string text)
    {
        Assert.False(TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), out _, out _));
    }

    [Fact]
    public void TryParse_BeforeEpochWithFraction_RoundsDownToTheMillisecond()
    {
        // 0.0005 s before the epoch is in millisecond -1, not 0: a value before the epoch must not round up.
        Assert.True(TimestampParser.TryParse("1969-12-31T23:59:59.9995Z"u8, out var unixMs, out _));

        Assert.Equal(-1, unixMs);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    public void TryParse_OffsetPushesPastCalendar_RejectedSoColumnsCanFormatIt(string text)
    {
        // A value outside DateTime's range could be stored but never written back as a date.
        Assert.False(TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), out _, out _));
    }
}
