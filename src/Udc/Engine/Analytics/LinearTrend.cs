namespace Udc.Engine.Analytics;

/// <summary>
/// An ordinary least-squares line through a series, x being the bucket (or point) index, with the standard prediction
/// interval of a new observation: ŷ ± t(0.975, n−2) · s · √(1 + 1/n + (x − x̄)² / Sxx).
/// </summary>
internal sealed record LinearTrend(double Intercept, double Slope, double ResidualDeviation, int Count, double MeanX, double SumSquaresX)
{
    public const double Level = 0.95;

    /// <summary>Fits <paramref name="values"/> at positions <paramref name="positions"/> (indices of their buckets, gaps skipped).</summary>
    public static LinearTrend Fit(ReadOnlySpan<double> positions, ReadOnlySpan<double> values)
    {
        var n = values.Length;
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += positions[i];
            meanY += values[i];
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = positions[i] - meanX;
            sxx += dx * dx;
            sxy += dx * (values[i] - meanY);
        }
        var slope = sxx > 0 ? sxy / sxx : 0;
        var intercept = meanY - slope * meanX;
        double sse = 0;
        for (var i = 0; i < n; i++)
        {
            var residual = values[i] - (intercept + slope * positions[i]);
            sse += residual * residual;
        }
        var deviation = n > 2 ? Math.Sqrt(sse / (n - 2)) : double.NaN;
        return new LinearTrend(intercept, slope, deviation, n, meanX, sxx);
    }

    public double Predict(double position) => Intercept + Slope * position;

    /// <summary>Half the width of the 95% prediction interval at <paramref name="position"/>; NaN with fewer than 3 points.</summary>
    public double HalfWidth(double position)
    {
        if (Count <= 2 || double.IsNaN(ResidualDeviation))
        {
            return double.NaN;
        }
        var t = StudentT.Quantile(0.5 + Level / 2, Count - 2);
        var leverage = SumSquaresX > 0 ? (position - MeanX) * (position - MeanX) / SumSquaresX : 0;
        return t * ResidualDeviation * Math.Sqrt(1 + 1.0 / Count + leverage);
    }
}
