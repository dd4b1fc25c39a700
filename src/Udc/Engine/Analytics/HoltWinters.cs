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

    /// <param name="weightsFrom">
    /// A model whose smoothing weights to keep instead of searching the grid: the forecaster fits the series without
    /// its held-back tail, scores that fit on the tail, then runs the same weights over the whole series, so the error
    /// it reports is the error of the weights it forecasts with (and the grid is searched once, not twice).
    /// </param>
    public static HoltWinters Fit(ReadOnlySpan<double> values, int season, HoltWinters? weightsFrom = null)
    {
        if (values.Length > MaxFittedSeasons * season)
        {
            values = values[^(MaxFittedSeasons * season)..];
        }
        var best = weightsFrom is { } known ? (Sse: 0d, known.Alpha, known.Beta, known.Gamma) : (Sse: double.PositiveInfinity, Alpha: 0d, Beta: 0d, Gamma: 0d);
        var seasonal = new double[Lanes * season];
        Span<double> sse = stackalloc double[Lanes];
        Span<double> levels = stackalloc double[Lanes];
        Span<double> trends = stackalloc double[Lanes];
        if (weightsFrom is null)
        {
            foreach (var alpha in s_alphas)
            {
                foreach (var gamma in s_gammas)
                {
                    Run(values, season, alpha, gamma, s_betas, seasonal, sse, levels, trends);
                    for (var lane = 0; lane < Lanes; lane++)
                    {
                        if (sse[lane] < best.Sse)
                        {
                            best = (sse[lane], alpha, s_betas[lane], gamma);
                        }
                    }
                }
            }
        }
        // The chosen weights once more for the final state, in every lane (a fit's cost over one series, once).
        Run(values, season, best.Alpha, best.Gamma, [best.Beta, best.Beta, best.Beta, best.Beta], seasonal, sse, levels, trends);
        var final = new double[season];
        for (var i = 0; i < season; i++)
        {
            final[i] = seasonal[Lanes * i];
        }
        var steps = values.Length - season;
        return new HoltWinters(season, best.Alpha, best.Beta, best.Gamma, levels[0], trends[0], final, values.Length, Math.Sqrt(sse[0] / Math.Max(1, steps)));
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

    /// <summary>Fits run side by side, one per beta of the grid (it has four).</summary>
    private const int Lanes = 4;

    /// <summary>
    /// Runs the recursions for four betas at once over the same series, each lane's level, trend and season its own
    /// (seasons interleaved: phase p of lane k at <c>4p + k</c>). Each fit is a chain of dependent multiply-adds; four
    /// independent chains in one loop keep the core busy where one leaves it waiting on the last result.
    /// </summary>
    /// <param name="sse">Per lane, the sum of squared one-step errors after the first season.</param>
    private static void Run(ReadOnlySpan<double> y, int m, double alpha, double gamma, ReadOnlySpan<double> betas, Span<double> seasonal, Span<double> sse, Span<double> levels, Span<double> trends)
    {
        double first = 0, second = 0;
        for (var i = 0; i < m; i++)
        {
            first += y[i];
            second += y[m + i];
        }
        first /= m;
        second /= m;
        for (var i = 0; i < m; i++)
        {
            seasonal.Slice(Lanes * i, Lanes).Fill(y[i] - first);
        }
        double l0 = first, l1 = first, l2 = first, l3 = first;
        double t0 = (second - first) / m, t1 = t0, t2 = t0, t3 = t0;
        double e0 = 0, e1 = 0, e2 = 0, e3 = 0;
        double b0 = betas[0], b1 = betas[1], b2 = betas[2], b3 = betas[3];
        for (int t = m, phase = 0; t < y.Length; t++, phase = phase + 1 == m ? 0 : phase + 1)
        {
            var value = y[t];
            var season = seasonal.Slice(Lanes * phase, Lanes);
            Step(value, alpha, b0, gamma, ref l0, ref t0, ref season[0], ref e0);
            Step(value, alpha, b1, gamma, ref l1, ref t1, ref season[1], ref e1);
            Step(value, alpha, b2, gamma, ref l2, ref t2, ref season[2], ref e2);
            Step(value, alpha, b3, gamma, ref l3, ref t3, ref season[3], ref e3);
        }
        (sse[0], sse[1], sse[2], sse[3]) = (e0, e1, e2, e3);
        (levels[0], levels[1], levels[2], levels[3]) = (l0, l1, l2, l3);
        (trends[0], trends[1], trends[2], trends[3]) = (t0, t1, t2, t3);
    }

    /// <summary>One bucket of additive Holt-Winters: the one-step error, then level, trend and the season's phase updated.</summary>
    private static void Step(double value, double alpha, double beta, double gamma, ref double level, ref double trend, ref double season, ref double sse)
    {
        var error = value - (level + trend + season);
        sse += error * error;
        var previousLevel = level;
        level = alpha * (value - season) + (1 - alpha) * (level + trend);
        trend = beta * (level - previousLevel) + (1 - beta) * trend;
        season = gamma * (value - level) + (1 - gamma) * season;
    }
}
