namespace Udc.Engine.Analytics;

/// <summary>
/// Rolling z-scores in one pass: each point against the mean and sample standard deviation of the <c>window</c>
/// points before it (the point itself left out, so a spike does not widen the spread it is measured by). The window
/// moves with Welford's update for an added and a removed value, which stays accurate where a running sum of squares
/// would cancel (values near 10^6 that differ by 0.01). A point with fewer than
/// <see cref="AnalyticsLimits.MinScoredHistory"/> earlier points, or whose window does not vary, gets no score.
/// </summary>
internal static class RollingZScore
{
    /// <summary>Scores every point of <paramref name="values"/>.</summary>
    /// <param name="means">The window's mean before each point; NaN where unscored.</param>
    /// <param name="deviations">The window's sample standard deviation before each point; NaN where unscored.</param>
    /// <param name="scores">Each point's z-score; NaN where unscored.</param>
    public static void Score(ReadOnlySpan<double> values, int window, Span<double> means, Span<double> deviations, Span<double> scores)
    {
        var minHistory = Math.Min(window, AnalyticsLimits.MinScoredHistory);
        var count = 0;
        var mean = 0d;
        var m2 = 0d;
        for (var i = 0; i < values.Length; i++)
        {
            var x = values[i];
            if (count >= minHistory && count >= 2)
            {
                var deviation = Math.Sqrt(m2 / (count - 1));
                means[i] = mean;
                deviations[i] = deviation;
                // Equal values leave rounding dust in m2, not a spread: below 1e-12 of the mean it is none.
                scores[i] = deviation > 1e-12 * Math.Max(1, Math.Abs(mean)) ? (x - mean) / deviation : double.NaN;
            }
            else
            {
                means[i] = double.NaN;
                deviations[i] = double.NaN;
                scores[i] = double.NaN;
            }

            count++;
            var delta = x - mean;
            mean += delta / count;
            m2 += delta * (x - mean);
            if (count > window)
            {
                var old = values[i - window];
                count--;
                var oldDelta = old - mean;
                mean -= oldDelta / count;
                m2 -= oldDelta * (old - mean);
                // Rounding can leave a hair below zero when the window holds equal values.
                if (m2 < 0)
                {
                    m2 = 0;
                }
            }
        }
    }
}
