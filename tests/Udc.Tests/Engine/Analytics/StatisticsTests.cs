using Udc.Engine.Analytics;

namespace Udc.Tests.Engine.Analytics;

/// <summary>Rolling z-scores, regression and t quantiles against values computed here, the plain way.</summary>
public sealed class StatisticsTests
{
    /// <summary>Two passes over each window: the textbook definition, no running sums.</summary>
    private static (double Mean, double Deviation, double Score) Naive(double[] values, int i, int window)
    {
        var from = Math.Max(0, i - window);
        var slice = values[from..i];
        var mean = slice.Average();
        var deviation = Math.Sqrt(slice.Sum(v => (v - mean) * (v - mean)) / (slice.Length - 1));
        return (mean, deviation, (values[i] - mean) / deviation);
    }

    /// <summary>Every point of <paramref name="values"/> through one rolling window, in order.</summary>
    private static (double[] Means, double[] Deviations, double[] Scores) Score(double[] values, int window)
    {
        var (means, deviations, scores) = (new double[values.Length], new double[values.Length], new double[values.Length]);
        var rolling = new RollingZScore(window);
        for (var i = 0; i < values.Length; i++)
        {
            var scored = rolling.Next(values, i, out means[i], out deviations[i], out scores[i]);
            Assert.Equal(!double.IsNaN(scores[i]), scored);
        }
        return (means, deviations, scores);
    }

    [Theory]
    [InlineData(5, 0.0)]
    [InlineData(30, 0.0)]
    [InlineData(30, 1_000_000.0)]
    public void Score_RandomSeries_MatchesTwoPassComputation(int window, double offset)
    {
        var random = new Random(window);
        var values = Enumerable.Range(0, 2_000).Select(i => offset + Math.Sin(i / 10.0) * 5 + random.NextDouble()).ToArray();
        var (means, deviations, scores) = Score(values, window);

        for (var i = 0; i < values.Length; i++)
        {
            if (i < Math.Min(window, AnalyticsLimits.MinScoredHistory))
            {
                Assert.True(double.IsNaN(scores[i]), $"point {i} has too few earlier points");
                continue;
            }
            var (mean, deviation, score) = Naive(values, i, window);
            Assert.Equal(mean, means[i], 1e-9 * Math.Max(1, Math.Abs(mean)));
            Assert.Equal(deviation, deviations[i], 1e-7);
            Assert.Equal(score, scores[i], 1e-6);
        }
    }

    [Fact]
    public void Score_ConstantThenSpike_NoScoreWhereTheWindowDoesNotVary()
    {
        double[] values = [5, 5, 5, 5, 5, 50, 5];
        var (_, _, scores) = Score(values, 4);

        Assert.True(double.IsNaN(scores[5]), "a window of equal values has no spread to measure against");
        Assert.False(double.IsNaN(scores[6]));
        Assert.Equal(Naive(values, 6, 4).Score, scores[6], 1e-9);
    }

    [Fact]
    public void Score_OnePoint_Unscored()
    {
        var (means, _, scores) = Score([42.0], 30);
        Assert.True(double.IsNaN(scores[0]));
        Assert.True(double.IsNaN(means[0]));
    }

    [Theory]
    [InlineData(1, 12.706204736)]
    [InlineData(2, 4.302652730)]
    [InlineData(5, 2.570581836)]
    [InlineData(10, 2.228138852)]
    [InlineData(30, 2.042272456)]
    [InlineData(1000, 1.962339081)]
    public void Quantile_975_MatchesTables(int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(0.975, degreesOfFreedom), 1e-6);

    [Fact]
    public void Fit_KnownPoints_SlopeInterceptAndIntervalAsByHand()
    {
        double[] x = [0, 1, 2, 3, 4];
        double[] y = [1, 3, 2, 5, 4];

        var line = LinearTrend.Fit(x, y);

        // Slope = Sxy/Sxx = 8/10; intercept = ȳ − slope·x̄ = 3 − 1.6 = 1.4; residuals −0.4, 0.8, −1, 1.2, −0.6: SSE = 3.6.
        Assert.Equal(0.8, line.Slope, 1e-12);
        Assert.Equal(1.4, line.Intercept, 1e-12);
        var s = Math.Sqrt(3.6 / 3);
        Assert.Equal(s, line.ResidualDeviation, 1e-12);
        var expectedHalf = 3.182446305 * s * Math.Sqrt(1 + 1.0 / 5 + (6 - 2.0) * (6 - 2.0) / 10);
        Assert.Equal(expectedHalf, line.HalfWidth(6), 1e-6);
    }

    [Fact]
    public void HoltWinters_PureWeeklyPattern_ForecastsThePattern()
    {
        double[] week = [10, 12, 14, 13, 11, 30, 32];
        var values = Enumerable.Range(0, 70).Select(i => week[i % 7] + 0.5 * i).ToArray();

        var model = HoltWinters.Fit(values, 7);

        for (var h = 1; h <= 7; h++)
        {
            var expected = week[(70 + h - 1) % 7] + 0.5 * (69 + h);
            Assert.Equal(expected, model.Predict(h), 0.5);
        }
    }
}
