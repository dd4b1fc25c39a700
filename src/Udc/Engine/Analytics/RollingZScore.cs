namespace Udc.Engine.Analytics;

/// <summary>
/// Rolling z-scores in one pass: each point against the mean and sample standard deviation of the <c>window</c>
/// points before it (the point itself left out, so a spike does not widen the spread it is measured by). The window
/// moves with Welford's update for an added and a removed value, which stays accurate where a running sum of squares
/// would cancel (values near 10^6 that differ by 0.01). A point with fewer than
/// <see cref="AnalyticsLimits.MinScoredHistory"/> earlier points, or whose window does not vary, gets no score.
/// A point at a time, so scoring a million points keeps nothing per point but what the caller keeps.
/// </summary>
internal struct RollingZScore(int window)
{
    private readonly int _minHistory = Math.Min(window, AnalyticsLimits.MinScoredHistory);
    private int _count;
    private double _mean;
    private double _m2;

    /// <summary>
    /// Scores <c>values[i]</c> against the window before it, then moves the window past it: call it for i = 0, 1,
    /// 2 and so on, over the same <paramref name="values"/>. False where the point gets no score (its
    /// <paramref name="score"/> is NaN); <paramref name="mean"/> and <paramref name="deviation"/> are NaN only where
    /// the history is too short.
    /// </summary>
    public bool Next(ReadOnlySpan<double> values, int i, out double mean, out double deviation, out double score)
    {
        var x = values[i];
        if (_count >= _minHistory && _count >= 2)
        {
            mean = _mean;
            deviation = Math.Sqrt(_m2 / (_count - 1));
            // Equal values leave rounding dust in m2, not a spread: below 1e-12 of the mean it is none.
            score = deviation > 1e-12 * Math.Max(1, Math.Abs(mean)) ? (x - mean) / deviation : double.NaN;
        }
        else
        {
            mean = deviation = score = double.NaN;
        }

        _count++;
        var delta = x - _mean;
        _mean += delta / _count;
        _m2 += delta * (x - _mean);
        if (_count > window)
        {
            var old = values[i - window];
            _count--;
            var oldDelta = old - _mean;
            _mean -= oldDelta / _count;
            _m2 -= oldDelta * (old - _mean);
            // Rounding can leave a hair below zero when the window holds equal values.
            if (_m2 < 0)
            {
                _m2 = 0;
            }
        }
        return !double.IsNaN(score);
    }
}
