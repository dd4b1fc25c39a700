namespace Udc.Engine.Quality;

/// <summary>
/// A source's data quality: per column what is missing and what does not fit, the age of the newest row, repeated
/// ids and rows, a score from 0 to 100 per dimension and overall, and the findings, worst first.
/// </summary>
internal sealed record QualityReport(
    int RowCount,
    IReadOnlyList<ColumnQuality> Columns,
    Timeliness? Timeliness,
    Consistency Consistency,
    QualityScores Scores,
    IReadOnlyList<QualityFinding> Findings);

/// <param name="ExpectedType">The type most values have when the column's values disagree (a date column with one bad date is text); null otherwise.</param>
/// <param name="Invalid">Values that do not fit: not of <paramref name="ExpectedType"/>, far outside the range of the others, or a rare value among few.</param>
/// <param name="Examples">Up to three of them, as written.</param>
internal sealed record ColumnQuality(string Name, string Type, int Nulls, int Empty, string? ExpectedType, int Invalid, string? InvalidReason, IReadOnlyList<string> Examples);

/// <param name="NewestAgeSeconds">From the newest row's time to now.</param>
/// <param name="ExpectedIntervalSeconds">Twice the typical spacing of rows (at least an hour): how old the newest row may be and still be on time.</param>
/// <param name="IngestionColumn">A second timestamp column that says when each row arrived (<c>ingested_at</c>), if any.</param>
internal sealed record Timeliness(string TimeColumn, DateTimeOffset Newest, double NewestAgeSeconds, double ExpectedIntervalSeconds,
    string? IngestionColumn, double? IngestionLagSeconds, double? MaxIngestionLagSeconds);

/// <param name="IdColumn">The column checked for repeated ids: the source's id column, or an <c>id</c>/<c>*_id</c> column that is almost unique.</param>
/// <param name="DuplicateIds">Rows whose id an earlier row already has.</param>
/// <param name="DuplicateRows">Rows equal in every column to an earlier row.</param>
internal sealed record Consistency(string? IdColumn, int DuplicateIds, int DuplicateRows);

/// <summary>Each dimension from 0 to 100; timeliness is null for a source without a time column. Overall is their mean.</summary>
internal sealed record QualityScores(double Completeness, double Validity, double? Timeliness, double Consistency, double Overall);

/// <param name="Dimension">completeness, validity, timeliness or consistency.</param>
/// <param name="Share">The fraction of rows (or of the allowed age) the finding concerns: what orders findings, worst first.</param>
internal sealed record QualityFinding(string Dimension, string? Column, double Share, string Message);
