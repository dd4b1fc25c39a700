using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Engine.Describe;
using Udc.Engine.Sql;
using Udc.Features.Data;

namespace Udc.Features.Sql;

/// <summary>A statement's result: its rows in select order, and metadata with the columns, totals and freshness.</summary>
internal static class SqlResponse
{
    public static void Write(Utf8JsonWriter writer, SqlResult result, string sql, int skip, int count, DateTimeOffset now, int maxTextBytes, Action<Utf8JsonWriter>? extraMetadata)
    {
        var snapshot = result.Snapshot!;
        var plan = result.Plan!;
        var names = new List<string>();
        writer.WriteStartObject();
        writer.WriteStartArray("data"u8);
        if (result.Rows is { } rows)
        {
            // The rows' own table: a database source's rows are read into columns of their own.
            var table = rows.Snapshot.Table;
            var fields = plan.Outputs?.Select(o => (o.Name, Column: table.Find(o.Spec)!)).ToList()
                ?? [.. table.Columns.Select(c => (c.Name, Column: c))];
            names.AddRange(fields.Select(f => f.Name));
            foreach (var row in rows.Rows.Slice(skip, count))
            {
                writer.WriteStartObject();
                foreach (var (name, column) in fields)
                {
                    writer.WritePropertyName(name);
                    RowWriter.WriteValue(writer, column, row, maxTextBytes);
                }
                writer.WriteEndObject();
            }
        }
        else if (result.Groups is { } groups)
        {
            var spec = groups.Spec;
            names.AddRange(plan.Outputs!.Select(o => o.Name));
            foreach (var group in groups.Groups.Skip(skip).Take(count))
            {
                writer.WriteStartObject();
                foreach (var output in plan.Outputs!)
                {
                    if (output.Kind == SqlOutputKind.Group)
                    {
                        var key = spec.GroupBy.First(g => g.Spec == output.Spec);
                        AggregateResponse.WriteKey(writer, key with { Alias = output.Name }, group.KeyRow, maxTextBytes);
                    }
                    else
                    {
                        var index = spec.Metrics.ToList().FindIndex(m => m.Spec == output.Spec);
                        AggregateResponse.WriteMetric(writer, spec.Metrics[index] with { Alias = output.Name }, group.Values[index]);
                    }
                }
                writer.WriteEndObject();
            }
        }
        writer.WriteEndArray();
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("source"u8, snapshot.Name);
        writer.WriteString("sql"u8, sql);
        writer.WriteStartArray("columns"u8);
        foreach (var name in names)
        {
            writer.WriteStringValue(name);
        }
        writer.WriteEndArray();
        writer.WriteNumber("total_results"u8, result.Total);
        writer.WriteNumber("returned_results"u8, count);
        writer.WriteBoolean("grouped"u8, result.Groups is not null);
        MetadataWriter.WriteFreshness(writer, snapshot, now);
        writer.WriteString("voice_context"u8, Voice(result, count));
        extraMetadata?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Voice(SqlResult result, int count)
    {
        var snapshot = result.Snapshot!;
        if (result.Groups is { } groups)
        {
            return $"{Spoken.Number(groups.TotalGroups)} {(groups.TotalGroups == 1 ? "group" : "groups")} from {Spoken.Number(groups.MatchCount)} {snapshot.Noun.For(groups.MatchCount)}; showing {Spoken.Number(count)}.";
        }
        var total = result.Total;
        return $"{Spoken.Number(total)} matching {snapshot.Noun.For(total)}; showing {Spoken.Number(count)}.";
    }
}
