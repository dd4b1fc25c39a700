using System.Text.Json;
using Udc.Engine.Catalog;
using Udc.Engine.Describe;
using Udc.Mcp.Tools;

namespace Udc.Mcp.Schemas;

internal static partial class InputSchemas
{
    /// <summary><c>source</c>: the ready sources as an enum, each summarised in the description so the model can pick one.</summary>
    private static void Source(Utf8JsonWriter writer, IReadOnlyList<SourceSnapshot> sources)
    {
        writer.WriteStartObject(McpNames.Source);
        writer.WriteString("type"u8, "string");
        if (sources.Count > 0)
        {
            SchemaJson.StringArray(writer, "enum", sources.Select(s => s.Name));
            writer.WriteString("description"u8, "The data source. " + string.Join(" ", sources.Select(Summary)));
        }
        else
        {
            writer.WriteString("description"u8, "The data source; none is ready yet, call list_sources.");
        }
        writer.WriteEndObject();
    }

    /// <summary>"crm: 50 customers (customers.json), id customer_id, time created_at."</summary>
    private static string Summary(SourceSnapshot snapshot)
    {
        var parts = new List<string> { $"{snapshot.Name}: {Spoken.Number(snapshot.RowCount)} {snapshot.Noun.For(snapshot.RowCount)} ({snapshot.Definition.FileName})" };
        if (snapshot.IdColumn is { } id)
        {
            parts.Add("id " + id.Name);
        }
        if (snapshot.TimeColumn is { } time)
        {
            parts.Add("time " + time.Name);
        }
        return string.Join(", ", parts) + ".";
    }

    private static string SourceList(IEnumerable<SourceState> states) =>
        string.Join("; ", states.Select(s => s.Snapshot is { } snapshot ? Summary(snapshot).TrimEnd('.') : $"{s.Name}: not loaded ({s.Status})"));

    /// <summary>"crm: customer_id (integer, 1 to 50); support: ticket_id (integer, 1 to 50)".</summary>
    private static string IdColumns(IEnumerable<SourceSnapshot> sources)
    {
        var parts = new List<string>();
        foreach (var snapshot in sources)
        {
            if (snapshot.IdColumn is not { } id)
            {
                continue;
            }
            var profile = snapshot.Profile.Columns.First(p => p.Column == id);
            var range = profile.Min is not null ? $", {profile.Min} to {profile.Max}" : "";
            parts.Add($"{snapshot.Name}: {id.Name} ({Engine.Query.OperatorNames.TypeName(id.Type)}{range})");
        }
        return parts.Count == 0 ? "no source has an id column" : string.Join("; ", parts);
    }
}
