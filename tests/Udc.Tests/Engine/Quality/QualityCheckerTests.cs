using System.Globalization;
using Udc.Engine.Quality;
using Udc.Tests.Engine.Analytics;

namespace Udc.Tests.Engine.Quality;

/// <summary>Out-of-range values judged per series against quartiles worked out here by sorting, and copied rows counted.</summary>
public sealed class QualityCheckerTests
{
    private static IReadOnlyList<(string, object?)> Row(string metric, int day, double? value) =>
        [("metric", metric), ("date", new DateTime(2024, 1, 1).AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("value", value)];

    [Fact]
    public void Check_ValuesFarOutsideTheirOwnSeries_CountedWithTheFirstSeriesFences()
    {
        // "big" lives near 1,000 and "small" near 10: 60 is far out for small only, 5,000 for big only.
        var random = new Random(3);
        var rows = new List<IReadOnlyList<(string, object?)>>();
        var values = new Dictionary<string, List<double>> { ["big"] = [], ["small"] = [] };
        for (var day = 0; day < 60; day++)
        {
            foreach (var (metric, center) in new[] { ("big", 1_000.0), ("small", 10.0) })
            {
                var value = day == 30 ? (metric == "big" ? 5_000 : 60) : Math.Round(center + random.NextDouble() * center / 10, 3);
                values[metric].Add(value);
                rows.Add(Row(metric, day, value));
            }
        }
        rows.Add(Row("small", 61, null));
        using var fixture = new SeriesFixture(SeriesFixture.Json(rows));

        var report = QualityChecker.Check(fixture.Snapshot, new DateTimeOffset(2024, 3, 2, 0, 0, 0, TimeSpan.Zero));

        var column = report.Columns.Single(c => c.Name == "value");
        Assert.Equal(2, column.Invalid);
        Assert.Equal(["5000", "60"], column.Examples);
        var sorted = values["big"].Order().ToList();
        var (q1, q3) = (sorted[sorted.Count / 4], sorted[3 * sorted.Count / 4]);
        var fences = $"{(q1 - 3 * (q3 - q1)).ToString("G6", CultureInfo.InvariantCulture)} to {(q3 + 3 * (q3 - q1)).ToString("G6", CultureInfo.InvariantCulture)}";
        Assert.Contains($"are far outside the range of the others of their metric (such as {fences})", column.InvalidReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CopiedRows_CountedOnceEach()
    {
        var rows = Enumerable.Range(0, 20).Select(day => Row("users", day, 100 + day)).ToList();
        rows.Add(Row("users", 3, 103));
        rows.Add(Row("users", 3, 103));
        rows.Add(Row("users", 4, 999));
        using var fixture = new SeriesFixture(SeriesFixture.Json(rows));

        var report = QualityChecker.Check(fixture.Snapshot, DateTimeOffset.UnixEpoch);

        Assert.Equal(2, report.Consistency.DuplicateRows);
    }

    [Fact]
    public void Check_AColumnDifferentInEveryRow_NoCopiedRows()
    {
        var rows = Enumerable.Range(0, 20).Select(day => Row("users", day, 100)).ToList();
        using var fixture = new SeriesFixture(SeriesFixture.Json(rows));

        var report = QualityChecker.Check(fixture.Snapshot, DateTimeOffset.UnixEpoch);

        Assert.Equal(0, report.Consistency.DuplicateRows);
    }
}
