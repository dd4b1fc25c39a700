namespace Udc.Engine.Analytics;

/// <summary>
/// Forecasts one bucketed series. Gaps are filled by linear interpolation first (Holt-Winters needs every bucket).
/// The last points are held back, each method is fitted on the rest and scored on them, so the result says how far
/// to trust it; <see cref="ForecastMethod.Auto"/> takes Holt-Winters when there is a weekly season (hour or day
/// buckets) with three seasons of history and it beats the line on the held-back tail, else the line. The chosen
/// method is then fitted on the whole series (Holt-Winters with the weights scored on the tail).
/// </summary>
internal static class Forecaster
{
    public static ForecastResult Run(Series series, TimeBucket bucket, int horizon, ForecastMethod requested)
    {
        var filled = Fill(series, bucket, out var gaps);
        var n = filled.Length;
        var season = bucket.WeeklySeason();
        // A fifth of the series, at most the horizon: enough to score, while leaving most of the history to fit.
        var holdout = n >= 5 ? Math.Min(horizon, Math.Max(1, n / 5)) : 0;
        var linearError = holdout > 0 ? Score(filled, holdout, training => LinearPredictions(training, holdout)) : null;
        HoltWinters? trained = null;
        var seasonalError = holdout > 0 && season > 0 && HoltWinters.CanFit(n - holdout, season)
            ? Score(filled, holdout, training => SeasonalPredictions(trained = HoltWinters.Fit(training, season), holdout))
            : null;

        var (method, reason) = Choose(requested, n, season, linearError, seasonalError);
        var points = new List<ForecastPoint>(horizon);
        var start = series.Times[^1];
        if (method == ForecastMethod.HoltWinters)
        {
            var model = HoltWinters.Fit(filled, season, weightsFrom: trained);
            for (var h = 1; h <= horizon; h++)
            {
                var value = model.Predict(h);
                var half = model.HalfWidth(h);
                points.Add(new ForecastPoint(TimeBuckets.Add(start, bucket, h), value, value - half, value + half));
            }
            return new ForecastResult(series, method, reason, points, linearError, seasonalError, null, model, gaps);
        }
        var positions = new double[n];
        for (var i = 0; i < n; i++)
        {
            positions[i] = i;
        }
        var line = LinearTrend.Fit(positions, filled);
        for (var h = 1; h <= horizon; h++)
        {
            var value = line.Predict(n - 1 + h);
            var half = line.HalfWidth(n - 1 + h);
            points.Add(new ForecastPoint(TimeBuckets.Add(start, bucket, h), value, value - half, value + half));
        }
        return new ForecastResult(series, ForecastMethod.Linear, reason, points, linearError, seasonalError, line, null, gaps);
    }

    private static (ForecastMethod Method, string Reason) Choose(ForecastMethod requested, int n, int season, ForecastError? linear, ForecastError? seasonal)
    {
        if (requested == ForecastMethod.Linear)
        {
            return (ForecastMethod.Linear, "linear was asked for");
        }
        var canSeason = season > 0 && HoltWinters.CanFit(n, season);
        if (requested == ForecastMethod.HoltWinters)
        {
            return canSeason
                ? (ForecastMethod.HoltWinters, "holt_winters was asked for")
                : (ForecastMethod.Linear, season == 0
                    ? "holt_winters needs hour or day buckets for a weekly season; a line was fitted instead"
                    : $"holt_winters needs at least {3 * season} buckets (three weeks); the series has {n}, so a line was fitted instead");
        }
        if (!canSeason || seasonal is null)
        {
            return (ForecastMethod.Linear, season == 0 ? "no weekly season at this bucket width" : $"too short for a weekly season ({n} buckets, {3 * season} needed)");
        }
        return seasonal.Mae < (linear?.Mae ?? double.PositiveInfinity)
            ? (ForecastMethod.HoltWinters, "holt_winters erred less than a line on the held-back tail")
            : (ForecastMethod.Linear, "a line erred less than holt_winters on the held-back tail");
    }

    private static ForecastError Score(double[] filled, int holdout, Func<double[], double[]> predict)
    {
        var training = filled[..^holdout];
        var predictions = predict(training);
        double absolute = 0, squared = 0, percent = 0;
        var percentCount = 0;
        for (var i = 0; i < holdout; i++)
        {
            var actual = filled[training.Length + i];
            var error = actual - predictions[i];
            absolute += Math.Abs(error);
            squared += error * error;
            if (actual != 0)
            {
                percent += Math.Abs(error / actual);
                percentCount++;
            }
        }
        return new ForecastError(holdout, absolute / holdout, Math.Sqrt(squared / holdout), percentCount == 0 ? double.NaN : 100 * percent / percentCount);
    }

    private static double[] LinearPredictions(double[] training, int steps)
    {
        var positions = new double[training.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }
        var line = LinearTrend.Fit(positions, training);
        return [.. Enumerable.Range(1, steps).Select(h => line.Predict(training.Length - 1 + h))];
    }

    private static double[] SeasonalPredictions(HoltWinters model, int steps) => [.. Enumerable.Range(1, steps).Select(model.Predict)];

    /// <summary>One value per bucket from the first to the last, a missing bucket interpolated between its neighbours.</summary>
    public static double[] Fill(Series series, TimeBucket bucket, out int gaps)
    {
        var first = series.Times[0];
        var length = (int)Math.Min(TimeBuckets.Steps(first, series.Times[^1], bucket) + 1, 10_000_000);
        var filled = new double[length];
        gaps = length - series.Length;
        var previousIndex = 0;
        for (var i = 0; i < series.Length; i++)
        {
            var index = (int)TimeBuckets.Steps(first, series.Times[i], bucket);
            filled[index] = series.Values[i];
            for (var g = previousIndex + 1; g < index; g++)
            {
                var fraction = (double)(g - previousIndex) / (index - previousIndex);
                filled[g] = filled[previousIndex] + fraction * (series.Values[i] - filled[previousIndex]);
            }
            previousIndex = index;
        }
        return filled;
    }
}

/// <summary>How a method did on the held-back tail: mean absolute, root mean square and mean absolute percentage error.</summary>
internal sealed record ForecastError(int Points, double Mae, double Rmse, double Mape);

/// <summary>One forecast bucket with its 95% interval.</summary>
internal readonly record struct ForecastPoint(long Time, double Value, double Lower, double Upper);

internal sealed record ForecastResult(Series Series, ForecastMethod Method, string Reason, IReadOnlyList<ForecastPoint> Points,
    ForecastError? LinearError, ForecastError? SeasonalError, LinearTrend? Line, HoltWinters? Seasonal, int FilledGaps)
{
    public ForecastError? ChosenError => Method == ForecastMethod.HoltWinters ? SeasonalError : LinearError;
}
