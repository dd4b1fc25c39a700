using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Quality;
using Udc.Features.Data;

namespace Udc.Features.Quality;

/// <summary>Quality reports: one source in full, or every source's scores and worst findings.</summary>
internal static class QualityResponse
{
    /// <summary>The findings read aloud and listed in the overview: the three worst.</summary>
    public const int WorstFindings = 3;

    /// <summary>Items: the report's columns, <paramref name="count"/> of them from <paramref name="skip"/>.</summary>
    public static void WriteSource(Utf8JsonWriter writer, SourceSnapshot snapshot, QualityReport report, int skip, int count, DateTimeOffset now, Action<Utf8JsonWriter>? extraMetadata)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("data"u8);
        writer.WriteString("source"u8, snapshot.Name);
        writer.WriteNumber("row_count"u8, report.RowCount);
        WriteScores(writer, report.Scores);
        WriteFindings(writer, report.Findings, int.MaxValue);
        writer.WriteStartArray("columns"u8);
        foreach (var column in report.Columns.Skip(skip).Take(count))
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, column.Name);
            writer.WriteString("type"u8, column.Type);
            writer.WriteNumber("null_count"u8, column.Nulls);
            writer.WriteNumber("null_rate"u8, Rate(column.Nulls, report.RowCount));
            writer.WriteNumber("empty_count"u8, column.Empty);
            writer.WriteNumber("empty_rate"u8, Rate(column.Empty, report.RowCount));
            writer.WriteNumber("invalid_count"u8, column.Invalid);
            if (column.ExpectedType is { } expected)
            {
                writer.WriteString("expected_type"u8, expected);
            }
            if (column.InvalidReason is { } reason)
            {
                writer.WriteString("invalid_reason"u8, reason);
                writer.WriteStartArray("invalid_examples"u8);
                foreach (var example in column.Examples)
                {
                    writer.WriteStringValue(example);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (report.Timeliness is { } timeliness)
        {
            writer.WriteStartObject("timeliness"u8);
            writer.WriteString("time_column"u8, timeliness.TimeColumn);
            writer.WriteString("newest"u8, timeliness.Newest);
            writer.WriteNumber("newest_age_seconds"u8, Math.Round(timeliness.NewestAgeSeconds));
            writer.WriteNumber("expected_interval_seconds"u8, Math.Round(timeliness.ExpectedIntervalSeconds));
            if (timeliness.IngestionColumn is { } ingestion)
            {
                writer.WriteString("ingestion_column"u8, ingestion);
                Analytics.AnalyticsResponse.WriteNumber(writer, "ingestion_lag_seconds"u8, timeliness.IngestionLagSeconds);
                Analytics.AnalyticsResponse.WriteNumber(writer, "max_ingestion_lag_seconds"u8, timeliness.MaxIngestionLagSeconds);
            }
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("timeliness"u8);
        }
        writer.WriteStartObject("consistency"u8);
        if (report.Consistency.IdColumn is { } id)
        {
            writer.WriteString("id_column"u8, id);
        }
        else
        {
            writer.WriteNull("id_column"u8);
        }
        writer.WriteNumber("duplicate_ids"u8, report.Consistency.DuplicateIds);
        writer.WriteNumber("duplicate_rows"u8, report.Consistency.DuplicateRows);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("source"u8, snapshot.Name);
        writer.WriteNumber("total_columns"u8, report.Columns.Count);
        writer.WriteNumber("returned_columns"u8, Math.Max(0, Math.Min(count, report.Columns.Count - skip)));
        MetadataWriter.WriteFreshness(writer, snapshot, now);
        writer.WriteString("voice_context"u8, Voice(snapshot.Name, report));
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>One entry per source: its score, dimension scores and worst findings; a source that failed to load says so.</summary>
    public static void WriteOverview(Utf8JsonWriter writer, IReadOnlyList<(SourceState State, QualityReport? Report)> sources, DateTimeOffset now)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        foreach (var (state, report) in sources)
        {
            writer.WriteStartObject();
            writer.WriteString("source"u8, state.Name);
            writer.WriteString("status"u8, state.Status);
            if (report is null)
            {
                writer.WriteNull("score"u8);
                writer.WriteString("error"u8, state.LastFailure?.Message);
            }
            else
            {
                writer.WriteNumber("row_count"u8, report.RowCount);
                writer.WriteNumber("score"u8, report.Scores.Overall);
                WriteScores(writer, report.Scores);
                WriteFindings(writer, report.Findings, WorstFindings);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("metadata"u8);
        writer.WriteNumber("total_results"u8, sources.Count);
        var scored = sources.Where(s => s.Report is not null).ToList();
        var worst = scored.MinBy(s => s.Report!.Scores.Overall);
        writer.WriteString("voice_context"u8, scored.Count == 0
            ? "No source is loaded, so there is nothing to check."
            : $"{scored.Count} {(scored.Count == 1 ? "source" : "sources")} checked; the lowest score is {worst.State.Name} at {worst.Report!.Scores.Overall:0.#} of 100{(worst.Report.Findings.Count > 0 ? ": " + Engine.Describe.SpokenText.Safe(worst.Report.Findings[0].Message) : "")}.");
        writer.WriteString("checked_at"u8, now);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteScores(Utf8JsonWriter writer, QualityScores scores)
    {
        writer.WriteStartObject("scores"u8);
        writer.WriteNumber("overall"u8, scores.Overall);
        writer.WriteNumber("completeness"u8, scores.Completeness);
        writer.WriteNumber("validity"u8, scores.Validity);
        Analytics.AnalyticsResponse.WriteNumber(writer, "timeliness"u8, scores.Timeliness);
        writer.WriteNumber("consistency"u8, scores.Consistency);
        writer.WriteEndObject();
    }

    private static void WriteFindings(Utf8JsonWriter writer, IReadOnlyList<QualityFinding> findings, int max)
    {
        writer.WriteStartArray("findings"u8);
        foreach (var finding in findings.Take(max))
        {
            writer.WriteStartObject();
            writer.WriteString("dimension"u8, finding.Dimension);
            if (finding.Column is { } column)
            {
                writer.WriteString("column"u8, column);
            }
            else
            {
                writer.WriteNull("column"u8);
            }
            writer.WriteNumber("share"u8, Math.Round(finding.Share, 6));
            writer.WriteString("message"u8, finding.Message);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static double Rate(int count, int rows) => rows == 0 ? 0 : Math.Round((double)count / rows, 6);

    /// <summary>"support scores 92 of 100; worst: status: 3 values are rare …"</summary>
    private static string Voice(string source, QualityReport report)
    {
        var worst = report.Findings.Take(WorstFindings).Select(f => Engine.Describe.SpokenText.Safe(f.Message)).ToList();
        return worst.Count == 0
            ? $"{source} scores {report.Scores.Overall:0.#} of 100 with no findings."
            : $"{source} scores {report.Scores.Overall:0.#} of 100; worst: {string.Join("; ", worst)}.";
    }
}
