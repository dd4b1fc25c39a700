using System.Text.Json;
using Udc.Engine.Describe;
using Udc.Engine.Versions;

namespace Udc.Features.Sources;

/// <summary><c>/sources/{source}/versions</c>: the versions a source keeps, newest first, with what changed in each.</summary>
internal static class VersionsResponse
{
    public static void Write(Utf8JsonWriter writer, string source, IReadOnlyList<SnapshotVersion> versions, SnapshotHistory history, int skip, int count, Action<Utf8JsonWriter>? extraMetadata)
    {
        var newestFirst = versions.Reverse().ToList();
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        foreach (var version in newestFirst.Skip(skip).Take(count))
        {
            var change = version.Change;
            writer.WriteStartObject();
            writer.WriteNumber("version"u8, version.Number);
            writer.WriteString("published_at"u8, version.PublishedAt);
            writer.WriteString("file_modified_at"u8, version.Snapshot.FileModifiedAt);
            writer.WriteNumber("row_count"u8, version.Snapshot.RowCount);
            writer.WriteNumber("bytes"u8, version.Bytes);
            writer.WriteBoolean("current"u8, ReferenceEquals(version, versions[^1]));
            writer.WriteStartObject("change"u8);
            writer.WriteString("kind"u8, change.Kind);
            writer.WriteNumber("rows_before"u8, change.RowsBefore);
            writer.WriteNumber("rows_after"u8, change.RowsAfter);
            WriteNames(writer, "columns_added"u8, change.ColumnsAdded);
            WriteNames(writer, "columns_removed"u8, change.ColumnsRemoved);
            WriteNames(writer, "columns_retyped"u8, change.ColumnsRetyped);
            WriteCount(writer, "records_added"u8, change.RecordsAdded);
            WriteCount(writer, "records_removed"u8, change.RecordsRemoved);
            WriteCount(writer, "records_changed"u8, change.RecordsChanged);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("source"u8, source);
        writer.WriteNumber("total_results"u8, versions.Count);
        writer.WriteNumber("returned_results"u8, Math.Max(0, Math.Min(count, versions.Count - skip)));
        writer.WriteNumber("max_versions"u8, history.Settings.MaxVersions);
        writer.WriteNumber("history_bytes"u8, history.RetainedBytes);
        writer.WriteNumber("max_history_bytes"u8, history.Settings.MaxBytes);
        writer.WriteString("voice_context"u8, Voice(source, newestFirst));
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>"support has 3 versions; the current one, version 3, changed 2 records."</summary>
    private static string Voice(string source, List<SnapshotVersion> newestFirst)
    {
        if (newestFirst.Count == 0)
        {
            return $"{source} has no versions yet.";
        }
        var current = newestFirst[0];
        var change = current.Change;
        var what = change.Kind switch
        {
            VersionChange.Loaded => $"was loaded with {Spoken.Number(change.RowsAfter)} rows",
            VersionChange.RecordsChangedKind when change.RecordsChanged is { } changed => $"changed {Spoken.Number(changed)} and added {Spoken.Number(change.RecordsAdded ?? 0)} records by webhook",
            VersionChange.RecordsChangedKind => "changed records by webhook",
            _ => $"was read again from its file, {Spoken.Number(change.RowsBefore)} rows before and {Spoken.Number(change.RowsAfter)} after",
        };
        var count = newestFirst.Count == 1 ? "1 version" : $"{newestFirst.Count} versions";
        return $"{source} has {count}; the current one, version {current.Number}, {what}.";
    }

    private static void WriteNames(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string> names)
    {
        writer.WriteStartArray(name);
        foreach (var item in names)
        {
            writer.WriteStringValue(item);
        }
        writer.WriteEndArray();
    }

    private static void WriteCount(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
