using System.Text.Json;
using Udc.Access;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Engine.Describe;
using Udc.Engine.Query;
using Udc.Features.Data;
using Udc.Hosting;

namespace Udc.Features.Sources;

/// <summary><c>/sources</c>: what can be asked. A model reads this to learn each source's columns and values.</summary>
internal static class SourcesApi
{
    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sources", ListSources).CacheResponses(CacheKind.SourceList);
        app.MapGet("/sources/{source}", DescribeSource).RequireSourceAccess().CacheResponses(CacheKind.Source);
        return app;
    }

    /// <summary>Only the sources the caller's key may read are listed.</summary>
    private static IResult ListSources(HttpContext context, SourceCatalog catalog, TimeProvider time)
    {
        var identity = SourceAccess.IdentityOf(context);
        var states = catalog.Sources.Where(s => identity?.CanRead(s.Name) ?? true).ToList();
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data"u8);
            foreach (var state in states)
            {
                writer.WriteStartObject();
                WriteSummary(writer, state, now);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("metadata"u8);
            writer.WriteNumber("total_results"u8, states.Count);
            writer.WriteString("voice_context"u8, SourcesVoice(states));
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static IResult DescribeSource(string source, SourceCatalog catalog, TimeProvider time)
    {
        if (!catalog.TryGet(source, out var state))
        {
            // Same error as /data for an unknown name; a failed source is still described, with its error.
            SourceLookup.TryResolve(catalog, source, out _, out var error);
            return error!;
        }
        var now = time.GetUtcNow();
        var profile = state.Snapshot?.Profile;
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("data"u8);
            WriteSummary(writer, state, now);
            writer.WriteStartArray("columns"u8);
            foreach (var column in profile?.Columns ?? [])
            {
                WriteColumn(writer, column);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("metadata"u8);
            writer.WriteString("voice_context"u8, state.Snapshot is { } snapshot
                ? $"{snapshot.Name} has {Spoken.Number(snapshot.RowCount)} {snapshot.Noun.For(snapshot.RowCount)} with {snapshot.Table.Columns.Count} columns: {string.Join(", ", snapshot.Table.Columns.Select(c => Spoken.Words(c.Name)))}."
                : $"{state.Name} is not available: {state.LastFailure?.Message}");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static void WriteSummary(Utf8JsonWriter writer, SourceState state, DateTimeOffset now)
    {
        writer.WriteString("name"u8, state.Name);
        writer.WriteString("file"u8, state.Definition.FileName);
        writer.WriteString("format"u8, state.Definition.Format.ToString().ToLowerInvariant());
        writer.WriteString("status"u8, state.Status);
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

    private static void WriteColumn(Utf8JsonWriter writer, ColumnProfile profile)
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
        writer.WriteStartArray("operators"u8);
        foreach (var op in OperatorNames.ValidFor(column.Type))
        {
            writer.WriteStringValue(OperatorNames.Suffix(op));
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string SourcesVoice(IReadOnlyCollection<SourceState> states)
    {
        var parts = states.Select(s => s.Snapshot is { } snapshot
            ? $"{s.Name} ({Spoken.Number(snapshot.RowCount)} {snapshot.Noun.For(snapshot.RowCount)})"
            : $"{s.Name} (not available)").ToList();
        return parts.Count switch
        {
            0 => "There are no data sources.",
            1 => $"1 source: {parts[0]}.",
            _ => $"{parts.Count} sources: {string.Join(", ", parts[..^1])} and {parts[^1]}.",
        };
    }
}
