using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Loading;

namespace Udc.Engine.Quality;

/// <summary>
/// Checks a snapshot's data in a few passes over its columns. Validity is judged from the data itself, since files
/// carry no schema: a text column whose values are mostly dates (or numbers) has some that are not, a numeric value
/// far outside the spread of the others (beyond three interquartile ranges of the quartiles, Tukey's "far out") is
/// out of range, and in a column of few values one seen only once or twice among hundreds of rows is probably a typo.
/// </summary>
internal static partial class QualityChecker
{
    /// <summary>A text column is held to a type when at least 90% of its values have it: one bad date in ten is a finding, half is just text.</summary>
    private const double TypeShare = 0.9;

    /// <summary>Tukey's outer fences: three interquartile ranges beyond the quartiles.</summary>
    private const double FenceWidth = 3;

    /// <summary>Rare values are judged only among at least 200 rows: fewer cannot tell a rare value from a real one.</summary>
    private const int MinRowsForRareValues = 200;

    /// <exception cref="Database.DatabaseReadException">The source lives in a database: its rows are not held here to check.</exception>
    public static QualityReport Check(SourceSnapshot snapshot, DateTimeOffset now)
    {
        if (snapshot.Pushdown is not null)
        {
            throw new Database.DatabaseReadException(Database.DatabaseFailure.Unsupported,
                $"Source '{snapshot.Name}' lives in a database; quality checks read every row in memory and are not available for it.");
        }
        var table = snapshot.Table;
        var rows = table.RowCount;
        var findings = new List<QualityFinding>();
        // In a long table of metrics each series has its own range: daily users are not outliers among error rates.
        var series = AnalyticsBinder.InferSeries(snapshot);
        var columns = table.Columns.Select(c => CheckColumn(c, rows, series, findings)).ToList();
        var timeliness = CheckTimeliness(snapshot, now, findings);
        var consistency = CheckConsistency(snapshot, findings);

        var cells = Math.Max(1L, (long)rows * Math.Max(1, columns.Count));
        var completeness = 100 * (1 - columns.Sum(c => (double)c.Nulls + c.Empty) / cells);
        var validity = 100 * (1 - columns.Sum(c => (double)c.Invalid) / cells);
        double? timely = timeliness is null ? null : 100 * Math.Min(1, timeliness.ExpectedIntervalSeconds / Math.Max(1, timeliness.NewestAgeSeconds));
        var consistent = 100 * Math.Max(0, 1 - (double)(consistency.DuplicateIds + consistency.DuplicateRows) / Math.Max(1, rows));
        var scores = new[] { completeness, validity, consistent }.Concat(timely is { } t ? [t] : []).ToList();
        var overall = scores.Average();
        return new QualityReport(rows, columns, timeliness, consistency,
            new QualityScores(Round(completeness), Round(validity), timely is { } tv ? Round(tv) : null, Round(consistent), Round(overall)),
            [.. findings.OrderByDescending(f => f.Share).ThenBy(f => f.Column, StringComparer.Ordinal)]);
    }

    private static double Round(double score) => Math.Round(Math.Clamp(score, 0, 100), 1);

    private static ColumnQuality CheckColumn(Column column, int rows, Column? series, List<QualityFinding> findings)
    {
        var nulls = column.Nulls.NullCount;
        var empty = 0;
        if (column is StringColumn text)
        {
            for (var row = 0; row < rows; row++)
            {
                if (!column.IsNull(row) && IsBlank(text.GetUtf8(row)))
                {
                    empty++;
                }
            }
        }
        if (nulls + empty > 0)
        {
            var share = (double)(nulls + empty) / Math.Max(1, rows);
            findings.Add(new QualityFinding("completeness", column.Name, share,
                $"{column.Name}: {Percent(share)} of rows have no value ({nulls} null{(empty > 0 ? $", {empty} empty" : "")})"));
        }
        var (expected, invalid, reason, examples) = column switch
        {
            StringColumn strings => CheckText(strings, rows),
            Int64Column or DoubleColumn => CheckRange(column, rows, series),
            _ => (null, 0, null, (IReadOnlyList<string>)[]),
        };
        if (invalid > 0)
        {
            var share = (double)invalid / Math.Max(1, rows);
            findings.Add(new QualityFinding("validity", column.Name, share, $"{column.Name}: {invalid} {(invalid == 1 ? "value" : "values")} {reason} ({string.Join(", ", examples.Select(e => $"'{e}'"))})"));
        }
        return new ColumnQuality(column.Name, Query.OperatorNames.TypeName(column.Type), nulls, empty, expected, invalid, reason, examples);
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Values of a mostly-dated or mostly-numeric text column that are neither; rare values of a column of few.</summary>
    private static (string?, int, string?, IReadOnlyList<string>) CheckText(StringColumn column, int rows)
    {
        int present = 0, dates = 0, numbers = 0;
        for (var row = 0; row < rows; row++)
        {
            if (column.IsNull(row) || IsBlank(column.GetUtf8(row)))
            {
                continue;
            }
            present++;
            var utf8 = column.GetUtf8(row);
            if (TimestampParser.TryParse(utf8, out _, out _))
            {
                dates++;
            }
            else if (double.TryParse(Encoding.UTF8.GetString(utf8), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                numbers++;
            }
        }
        if (present > 0 && (dates >= TypeShare * present || numbers >= TypeShare * present) && dates + numbers < present)
        {
            var isDate = dates >= numbers;
            var examples = new List<string>();
            var invalid = 0;
            for (var row = 0; row < rows; row++)
            {
                if (column.IsNull(row) || IsBlank(column.GetUtf8(row)))
                {
                    continue;
                }
                var utf8 = column.GetUtf8(row);
                var fits = isDate ? TimestampParser.TryParse(utf8, out _, out _) : double.TryParse(Encoding.UTF8.GetString(utf8), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                if (!fits)
                {
                    invalid++;
                    if (examples.Count < 3)
                    {
                        examples.Add(TextClip(column.FormatText(row)!));
                    }
                }
            }
            var type = isDate ? "timestamp" : "number";
            return (type, invalid, isDate ? "are not dates, so the column was loaded as text" : "are not numbers, so the column was loaded as text", examples);
        }
        return column is DictionaryStringColumn dictionary && rows >= MinRowsForRareValues ? CheckRare(dictionary, rows) : (null, 0, null, []);
    }

    /// <summary>In a column of at most 25 values, a value held by at most two rows and under 0.5% of them, beside values held by many.</summary>
    private static (string?, int, string?, IReadOnlyList<string>) CheckRare(DictionaryStringColumn column, int rows)
    {
        if (column.DistinctCount > AnalyticsLimits.MaxInferredSeries)
        {
            return (null, 0, null, []);
        }
        var counts = new int[column.DistinctCount];
        foreach (var code in column.Codes)
        {
            if (code >= 0)
            {
                counts[code]++;
            }
        }
        var rare = Enumerable.Range(0, counts.Length).Where(c => counts[c] <= 2 && counts[c] < 0.005 * rows).ToList();
        if (rare.Count == 0 || rare.Count == counts.Length)
        {
            return (null, 0, null, []);
        }
        return (null, rare.Sum(c => counts[c]), "are rare among the column's few values, possibly typos", [.. rare.Take(3).Select(c => TextClip(column.Entries[c]))]);
    }

    /// <summary>
    /// Values beyond Tukey's outer fences of the column's own quartiles, per series when rows hold several. The quartiles
    /// are order statistics picked by selection (<see cref="Selection"/>), in time linear in the values, not by a sort.
    /// </summary>
    private static (string?, int, string?, IReadOnlyList<string>) CheckRange(Column column, int rows, Column? series)
    {
        var groups = new Dictionary<long, SeriesValues>();
        for (var row = 0; row < rows; row++)
        {
            if (!column.IsNull(row) && Value(column, row) is var value && !double.IsNaN(value))
            {
                ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, SeriesKey(series, row), out _);
                (group ??= new SeriesValues()).Values.Add(value);
            }
        }
        foreach (var group in groups.Values)
        {
            var values = CollectionsMarshal.AsSpan(group.Values);
            if (values.Length < 8)
            {
                continue;
            }
            var q1 = Selection.Select(values, values.Length / 4);
            // Selection leaves every value after the first quartile's place no smaller than it: the third is among them.
            var q3 = Selection.Select(values[(values.Length / 4)..], (3 * values.Length / 4) - (values.Length / 4));
            var spread = q3 - q1;
            if (spread > 0)
            {
                group.Fences = (q1 - FenceWidth * spread, q3 + FenceWidth * spread);
            }
        }
        var outside = new List<int>();
        for (var row = 0; row < rows; row++)
        {
            if (!column.IsNull(row) && groups.TryGetValue(SeriesKey(series, row), out var group) && group.Fences is var (low, high) && Value(column, row) is var v && (v < low || v > high))
            {
                outside.Add(row);
                group.Outside = true;
            }
        }
        if (outside.Count == 0)
        {
            return (null, 0, null, []);
        }
        // The fences said are those of the first series (in order of first appearance) with a value outside them.
        var (firstLow, firstHigh) = groups.Values.First(g => g.Outside).Fences!.Value;
        var fences = $"{firstLow.ToString("G6", CultureInfo.InvariantCulture)} to {firstHigh.ToString("G6", CultureInfo.InvariantCulture)}";
        return (null, outside.Count, $"are far outside the range of the others{(series is null ? "" : $" of their {series.Name}")} (such as {fences})", [.. outside.Take(3).Select(r => column.FormatText(r)!)]);
    }

    private static long SeriesKey(Column? series, int row) => series is null || series.IsNull(row) ? long.MinValue : series.OrderKeys[row];

    /// <summary>One series' values, then its fences (none when its quartiles coincide) and whether a value fell outside them.</summary>
    private sealed class SeriesValues
    {
        public List<double> Values { get; } = [];

        public (double Low, double High)? Fences { get; set; }

        public bool Outside { get; set; }
    }

    private static double Value(Column column, int row) => column is DoubleColumn number ? number[row] : ((Int64Column)column)[row];

    private static string TextClip(string text) => Describe.SpokenText.Safe(text);

    private static string Percent(double share) => share >= 0.01 ? $"{Math.Round(100 * share)}%" : $"{Math.Round(100 * share, 2).ToString(CultureInfo.InvariantCulture)}%";
}
