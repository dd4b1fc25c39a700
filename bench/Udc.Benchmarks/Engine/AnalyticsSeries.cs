using System.Globalization;
using System.Text;
using Udc.Engine.Catalog;

namespace Udc.Benchmarks.Engine;

/// <summary>
/// The series the analytics benchmarks and DuckDB (bench/analytics/duckdb.mjs) read: 1,000,000 points a minute apart
/// from 2023-01-01 (694 days), a daily and weekly cycle, a slow trend, noise, a spike every ~5,000 points and a null
/// every 1,000th value; columns <c>ts</c>, <c>value</c>. Written once, seeded, as CSV both engines load.
/// </summary>
internal static class AnalyticsSeries
{
    public const int Rows = 1_000_000;

    public static string Folder => Path.Combine(Path.GetTempPath(), "udc-bench", "series-1m-seed42");

    public static string CsvPath => Path.Combine(Folder, "series.csv");

    public static SourceSnapshot Load()
    {
        if (!File.Exists(CsvPath))
        {
            Write();
        }
        var catalog = new SourceCatalog(new CatalogOptions(Folder), TimeProvider.System);
        catalog.LoadAll();
        return catalog.TryGet("series", out var state) && state.Snapshot is { } snapshot ? snapshot : throw new InvalidOperationException(state?.LastFailure?.Message);
    }

    private static void Write()
    {
        Directory.CreateDirectory(Folder);
        var random = new Random(42);
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var text = new StringBuilder(Rows * 40);
        text.Append("ts,value\n");
        for (var i = 0; i < Rows; i++)
        {
            var time = start.AddMinutes(i);
            text.Append(time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append(',');
            if (i % 1_000 != 999)
            {
                var value = 100 + i / 20_000.0 + 10 * Math.Sin(2 * Math.PI * i / 1_440) + 5 * Math.Sin(2 * Math.PI * i / 10_080) + random.NextDouble() * 4;
                if (random.Next(5_000) == 0)
                {
                    value += 60;
                }
                text.Append(value.ToString("0.###", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        var staging = CsvPath + ".tmp";
        File.WriteAllText(staging, text.ToString());
        File.Move(staging, CsvPath, overwrite: true);
    }
}
