namespace Udc.Engine.Analytics;

/// <summary>
/// Additive Holt-Winters (level, trend and a season of <c>m</c> buckets, e.g. 7 days for weekly seasonality). The
/// smoothing weights are the grid point with the least one-step squared error; the interval is that of the equivalent
/// state-space model ETS(A,A,A): σ²(1 + Σ_{j&lt;h} (α(1 + jβ) + γ·[j mod m = 0])²), Hyndman et al. (2008), table 6.1.
/// </summary>
internal sealed class HoltWinters
{
    /// <summary>The grid: 7 × 4 × 4 = 112 fits of the series, coarse enough to stay fast and fine enough to track a season.</summary>
    private static readonly double[] s_alphas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
    private static readonly double[] s_betas = [0.01, 0.05, 0.1, 0.2];
    private static readonly double[] s_gammas = [0.05, 0.1, 0.2, 0.4];

    /// <summary>Only the last 50 seasons are fitted: older ones say little about next week, and the fit stays bounded.</summary>
    private const int MaxFittedSeasons = 50;

    private HoltWinters(int season, double alpha, double beta, double gamma, double level, double trend, double[] seasonal, int length, double deviation)
    {
        Season = season;
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        _level = level;
        _trend = trend;
        _seasonal = seasonal;
        _length = length;
        Deviation = deviation;
    }

    private readonly double _level;
    private readonly double _trend;
    private readonly double[] _seasonal;
    private readonly int _length;

    public int Season { get; }

    public double Alpha { get; }

    public double Beta { get; }

    public double Gamma { get; }

    /// <summary>The standard deviation of one-step errors.</summary>
    public double Deviation { get; }

    /// <summary>Two whole seasons to start from and one more to learn from.</summary>
    public static bool CanFit(int length, int season) => season >= 2 && length >= 3 * season;

    public static HoltWinters Fit(ReadOnlySpan<double> values, int season)
    {
        if (values.Length > MaxFittedSeasons * season)
        {
            values = values[^(MaxFittedSeasons * season)..];
        }
        var best = (Sse: double.PositiveInfinity, Alpha: 0d, Beta: 0d, Gamma: 0d);
        var seasonal = new double[season];
        foreach (var alpha in s_alphas)
        {
            foreach (var beta in s_betas)
            {
                foreach (var gamma in s_gammas)
                {
                    var sse = Run(values, season, alpha, beta, gamma, seasonal, out _, out _, out _);
                    if (sse < best.Sse)
                    {
                        best = (sse, alpha, beta, gamma);
                    }
                }
            }
        }
        var final = new double[season];
        var error = Run(values, season, best.Alpha, best.Beta, best.Gamma, final, out var level, out var trend, out var steps);
        return new HoltWinters(season, best.Alpha, best.Beta, best.Gamma, level, trend, final, values.Length, Math.Sqrt(error / Math.Max(1, steps)));
    }

    /// <summary>The forecast <paramref name="steps"/> buckets past the end.</summary>
    public double Predict(int steps) => _level + steps * _trend + _seasonal[(_length - 1 + steps) % Season];

    /// <summary>Half the width of the 95% interval <paramref name="steps"/> buckets ahead.</summary>
    public double HalfWidth(int steps)
    {
        var variance = 1d;
        for (var j = 1; j < steps; j++)
        {
            var c = Alpha * (1 + j * Beta) + (j % Season == 0 ? Gamma : 0);
            variance += c * c;
        }
        return 1.959963984540054 * Deviation * Math.Sqrt(variance);
    }

    /// <summary>Runs the recursions; returns the sum of squared one-step errors after the first season.</summary>
    private static double Run(ReadOnlySpan<double> y, int m, double alpha, double beta, double gamma, double[] seasonal, out double level, out double trend, out int steps)
    {
        double first = 0, second = 0;
        for (var i = 0; i < m; i++)
        {
            first += y[i];
            second += y[m + i];
        }
        first /= m;
        second /= m;
        level = first;
        trend = (second - first) / m;
        for (var i = 0; i < m; i++)
        {
            seasonal[i] = y[i] - first;
        }
        double sse = 0;
        steps = 0;
        for (var t = m; t < y.Length; t++)
        {
            var phase = t % m;
            var forecast = level + trend + seasonal[phase];
            var error = y[t] - forecast;
            sse += error * error;
            steps++;
            var previousLevel = level;
            level = alpha * (y[t] - seasonal[phase]) + (1 - alpha) * (level + trend);
            trend = beta * (level - previousLevel) + (1 - beta) * trend;
            seasonal[phase] = gamma * (y[t] - level) + (1 - gamma) * seasonal[phase];
        }
        return sse;
    }
}
