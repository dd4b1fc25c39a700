using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Database;
using Udc.Engine.Describe;
using Udc.Engine.Query;
using Udc.Features.Data;
using Udc.Hosting;

namespace Udc.Features.Sources;

/// <summary>
/// What a source offers, written for <c>/sources</c> and for MCP's <c>list_sources</c>, <c>describe_source</c>
/// and source resources, so every surface describes a source the same way.
/// </summary>
internal static class SourceWriter
{
    /// <summary>Twenty column names is already more than a listener keeps; a wide source is summarised after them.</summary>
    public const int MaxSpokenColumns = 20;

    /// <summary><c>{data: [summary, ...], metadata}</c> for <paramref name="count"/> sources from <paramref name="skip"/>.</summary>
    /// <param name="extraMetadata">Fields a transport adds to the metadata (MCP's freshness, <c>truncated</c> and <c>next_cursor</c>).</param>
    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<SourceState> states, int skip, int count, DateTimeOffset now, Action<Utf8JsonWriter>? extraMetadata)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        for (var i = skip; i < skip + count; i++)
        {
            writer.WriteStartObject();
            WriteSummary(writer, states[i], now);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("metadata"u8);
        writer.WriteNumber("total_results"u8, states.Count);
        writer.WriteNumber("returned_results"u8, count);
        writer.WriteString("voice_context"u8, ListVoice(states));
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>{data: {summary, columns}, metadata}</c> with <paramref name="count"/> column profiles from <paramref name="skip"/>.</summary>
    /// <param name="extraMetadata">Fields a transport adds to the metadata (MCP's freshness, <c>truncated</c> and <c>next_cursor</c>).</param>
    /// <param name="withMemory">Adds where the table came from and the bytes it holds, in all, per row and per column (<c>/sources/{source}</c>).</param>
    public static void WriteDescription(Utf8JsonWriter writer, SourceState state, int skip, int count, DateTimeOffset now, Action<Utf8JsonWriter>? extraMetadata, bool withMemory = false)
    {
        var columns = ColumnsOf(state);
        writer.WriteStartObject();
        writer.WriteStartObject("data"u8);
        WriteSummary(writer, state, now);
        if (withMemory && state.Snapshot is { } snapshot)
        {
            WriteMemory(writer, snapshot);
        }
        writer.WriteStartArray("columns"u8);
        for (var i = skip; i < skip + count; i++)
        {
            WriteColumn(writer, columns[i]);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("voice_context"u8, DescribeVoice(state));
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The column profiles of the source's snapshot; none when it has not loaded.</summary>
    public static IReadOnlyList<ColumnProfile> ColumnsOf(SourceState state) => state.Snapshot?.Profile.Columns ?? [];

    public static void WriteSummary(Utf8JsonWriter writer, SourceState state, DateTimeOffset now)
    {
        writer.WriteString("name"u8, state.Name);
        if (state.Definition.Database is { } database)
        {
            // The one place a database source shows it is one: every other answer reads as a data file's would.
            writer.WriteString("kind"u8, "database");
            writer.WriteString("engine"u8, database.Engine.WireName());
            writer.WriteString("table"u8, database.Table);
            writer.WriteNumber("row_cap"u8, database.RowCap);
        }
        else if (state.Definition.Format == Engine.Loading.SourceFormat.Ingested)
        {
            // Its rows are a connector's stored records; the path it is named by is UDC's own, not a file to look at.
            writer.WriteString("kind"u8, "ingested");
            writer.WriteString("connector"u8, state.Name);
        }
        else
        {
            writer.WriteString("kind"u8, "file");
            writer.WriteString("file"u8, state.Definition.FileName);
            writer.WriteString("format"u8, state.Definition.Format.ToString().ToLowerInvariant());
        }
        writer.WriteString("status"u8, state.Status);
        if (state is { Snapshot: null, Progress: { } progress })
        {
            writer.WriteStartObject("progress"u8);
            SourceLoadingResponse.WriteProgress(writer, progress);
            writer.WriteEndObject();
        }
        if (state.Snapshot is { } snapshot)
        {
            writer.WriteNumber("row_count"u8, snapshot.RowCount);
            writer.WriteString("noun"u8, snapshot.Noun.Plural);
            writer.WriteString("id_column"u8, snapshot.IdColumn?.Name);
            writer.WriteString("time_column"u8, snapshot.TimeColumn?.Name);
            MetadataWriter.WriteFreshness(writer, snapshot, now);
            writer.WriteString("loaded_at"u8, snapshot.LoadedAt);
            writer.WriteString("file_modified_at"u8, snapshot.FileModifiedAt);
        }
        writer.WriteString("error"u8, state.LastFailure?.Message);
    }

    /// <summary>Where the table came from, and the bytes it holds in memory: in all, per row and per column.</summary>
    private static void WriteMemory(Utf8JsonWriter writer, SourceSnapshot snapshot)
    {
        var bytes = snapshot.Table.MemoryBytes;
        writer.WriteString("loaded_from"u8, snapshot.Pushdown is not null ? "database" : snapshot.Origin == LoadOrigin.Snapshot ? "snapshot" : "file");
        writer.WriteStartObject("memory"u8);
        writer.WriteNumber("bytes"u8, bytes);
        writer.WriteNumber("bytes_per_row"u8, snapshot.RowCount == 0 ? 0 : Math.Round((double)bytes / snapshot.RowCount, 1));
        writer.WriteStartArray("columns"u8);
        foreach (var column in snapshot.Table.Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, column.Name);
            writer.WriteNumber("bytes"u8, column.MemoryBytes);
            writer.WriteNumber("bytes_per_row"u8, snapshot.RowCount == 0 ? 0 : Math.Round((double)column.MemoryBytes / snapshot.RowCount, 1));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteColumn(Utf8JsonWriter writer, ColumnProfile profile)
    {
        var column = profile.Column;
        writer.WriteStartObject();
        writer.WriteString("name"u8, column.Name);
        writer.WriteString("type"u8, OperatorNames.TypeName(column.Type));
        writer.WriteNumber("null_count"u8, profile.NullCount);
        writer.WriteNumber("distinct_count"u8, profile.DistinctCount);
        if (profile.Values is { } values)
        {
            writer.WriteStartArray("values"u8);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }
            writer.WriteEndArray();
        }
        if (profile.Min is not null)
        {
            writer.WriteString("min"u8, profile.Min);
            writer.WriteString("max"u8, profile.Max);
        }
        if (profile.PersonalData is { } kind)
        {
            writer.WriteString("personal_data"u8, kind);
        }
        writer.WriteStartArray("operators"u8);
        foreach (var op in OperatorNames.ValidFor(column.Type))
        {
            writer.WriteStringValue(OperatorNames.Suffix(op));
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>"support has 50 tickets with 6 columns: ticket id, customer id, ..."</summary>
    public static string DescribeVoice(SourceState state) => state.Snapshot is { } snapshot
        ? snapshot.Table.Columns.Count == 0 ? $"{snapshot.Name} has no {snapshot.Noun.Plural} yet."
        : $"{snapshot.Name} has {Spoken.Number(snapshot.RowCount)} {snapshot.Noun.For(snapshot.RowCount)} with {snapshot.Table.Columns.Count} columns: {string.Join(", ", snapshot.Table.Columns.Take(MaxSpokenColumns).Select(c => Spoken.Words(SpokenText.Safe(c.Name))))}{(snapshot.Table.Columns.Count > MaxSpokenColumns ? " and more" : "")}."
        : state.IsLoading ? $"{state.Name} is still loading." : $"{state.Name} is not available: {state.LastFailure?.Message}";

    /// <summary>"3 sources: analytics (90 data points), crm (50 customers) and support (50 tickets)."</summary>
    public static string ListVoice(IReadOnlyCollection<SourceState> states)
    {
        var parts = states.Select(s => s.Snapshot is { } snapshot
            ? $"{s.Name} ({Spoken.Number(snapshot.RowCount)} {snapshot.Noun.For(snapshot.RowCount)})"
            : s.IsLoading ? $"{s.Name} (loading)" : $"{s.Name} (not available)").ToList();
        return parts.Count switch
        {
            0 => "There are no data sources.",
            1 => $"1 source: {parts[0]}.",
            _ => $"{parts.Count} sources: {string.Join(", ", parts[..^1])} and {parts[^1]}.",
        };
    }
}
