using System.IO.Hashing;
using System.Runtime.InteropServices;
using Udc.Engine.Analytics;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;

namespace Udc.Engine.Quality;

internal static partial class QualityChecker
{
    private static readonly string[] s_ingestionNames = ["ingested_at", "ingestion_time", "received_at", "loaded_at", "arrived_at", "inserted_at"];

    private static Timeliness? CheckTimeliness(SourceSnapshot snapshot, DateTimeOffset now, List<QualityFinding> findings)
    {
        if (snapshot.TimeColumn is not { Range: (_, var newest) } time)
        {
            return null;
        }
        var values = time.Values;
        var age = Math.Max(0, (now.ToUnixTimeMilliseconds() - newest) / 1000.0);
        var expected = Math.Max(3600, 2 * AnalyticsBinder.MedianGap(time) / 1000.0);
        var ingestion = snapshot.Table.Columns.OfType<TimestampColumn>().FirstOrDefault(c => c != time && s_ingestionNames.Contains(c.Name));
        double? lag = null, maxLag = null;
        if (ingestion is not null)
        {
            double sum = 0;
            var count = 0;
            for (var row = 0; row < values.Length; row++)
            {
                if (!time.IsNull(row) && !ingestion.IsNull(row))
                {
                    var seconds = (ingestion[row] - values[row]) / 1000.0;
                    sum += seconds;
                    count++;
                    maxLag = maxLag is { } m ? Math.Max(m, seconds) : seconds;
                }
            }
            lag = count > 0 ? sum / count : null;
        }
        if (age > expected)
        {
            findings.Add(new QualityFinding("timeliness", time.Name, Math.Min(1, 1 - expected / age),
                $"the newest row ({time.Name} {TimestampColumn.ToDateTime(newest):yyyy-MM-dd HH:mm}) is {Describe.Freshness.Describe(TimeSpan.FromSeconds(age)).Replace(" ago", "")} old; rows arrive about every {Describe.Freshness.Describe(TimeSpan.FromSeconds(expected / 2)).Replace(" ago", "")}"));
        }
        return new Timeliness(time.Name, DateTimeOffset.FromUnixTimeMilliseconds(newest), age, expected, ingestion?.Name, lag, maxLag);
    }

    private static Consistency CheckConsistency(SourceSnapshot snapshot, List<QualityFinding> findings)
    {
        var table = snapshot.Table;
        var rows = table.RowCount;
        var id = snapshot.IdColumn ?? table.Columns.FirstOrDefault(c => (c.Name == "id" || c.Name.EndsWith("_id", StringComparison.Ordinal) && c.Name.StartsWith(snapshot.Noun.Singular, StringComparison.Ordinal))
            && c.Type is ColumnType.Int64 or ColumnType.String && c.DistinctCount >= 0.95 * (rows - c.Nulls.NullCount));
        var duplicateIds = 0;
        // A column holding a different value in every row (the distinct count is of non-null values) repeats nothing.
        if (id is not null && id.DistinctCount < rows - id.Nulls.NullCount)
        {
            var seen = new HashSet<long>();
            var keys = id.OrderKeys;
            for (var row = 0; row < rows; row++)
            {
                if (!id.IsNull(row) && !seen.Add(keys[row]))
                {
                    duplicateIds++;
                }
            }
            if (duplicateIds > 0)
            {
                findings.Add(new QualityFinding("consistency", id.Name, (double)duplicateIds / rows, $"{id.Name}: {duplicateIds} {(duplicateIds == 1 ? "row repeats an id" : "rows repeat an id")} an earlier row has"));
            }
        }
        var duplicateRows = CountDuplicateRows(table);
        if (duplicateRows > 0)
        {
            findings.Add(new QualityFinding("consistency", null, (double)duplicateRows / rows, $"{duplicateRows} {(duplicateRows == 1 ? "row is a copy" : "rows are copies")} of an earlier row"));
        }
        return new Consistency(id?.Name, duplicateIds, duplicateRows);
    }

    /// <summary>
    /// Rows equal in every column: each row's values hashed into 64 bits (per column an order key, or the text's
    /// XXH3), then counted once. Within a snapshot equal values have equal order keys, so equal rows hash alike; two
    /// different rows colliding is a 1 in 2^64 chance per pair. A column of all-different values (a timestamp a minute
    /// apart, a unique id) answers at once.
    /// </summary>
    private static int CountDuplicateRows(Table table)
    {
        var rows = table.RowCount;
        if (table.Columns.Any(c => !c.Nulls.HasNulls && c.DistinctCount == rows))
        {
            // Rows differ in that column, so no row can equal another in every column.
            return 0;
        }
        var hashes = new ulong[rows];
        foreach (var column in table.Columns)
        {
            var keys = column.OrderKeys;
            for (var row = 0; row < rows; row++)
            {
                var value = column.IsNull(row) ? 0x9E3779B97F4A7C15UL : (ulong)keys[row] * 0xC2B2AE3D27D4EB4FUL + 1;
                hashes[row] = (hashes[row] ^ value) * 0x100000001B3UL + (hashes[row] >> 29);
            }
        }
        var seen = new HashSet<ulong>(rows);
        var duplicates = 0;
        foreach (var hash in hashes)
        {
            if (!seen.Add(hash))
            {
                duplicates++;
            }
        }
        return duplicates;
    }
}
