using Udc.Engine.Catalog;
using Udc.Engine.Describe;
using Udc.Engine.Query;
using Udc.Tools.Schema;

namespace Udc.Tools;

internal static partial class ToolSetBuilder
{
    /// <summary><c>source</c>: the ready sources as an enum, each summarised in the description so the model can pick one.</summary>
    private static SchemaNode Source(IReadOnlyList<SourceSnapshot> sources) => sources.Count > 0
        ? new SchemaNode { Type = "string", Enum = [.. sources.Select(s => s.Name)], Description = "The data source. " + string.Join(" ", sources.Select(Summary)) }
        : SchemaNode.Of("string", "The data source; none is ready yet, call list_sources.");

    /// <summary>"crm: 50 customers (customers.json), id customer_id, time created_at."</summary>
    private static string Summary(SourceSnapshot snapshot)
    {
        var parts = new List<string> { $"{snapshot.Name}: {Spoken.Number(snapshot.RowCount)} {snapshot.Noun.For(snapshot.RowCount)} ({snapshot.Definition.FileName})" };
        if (snapshot.IdColumn is { } id)
        {
            parts.Add("id " + TextClip.Clip(id.Name, MaxSchemaNameLength));
        }
        if (snapshot.TimeColumn is { } time)
        {
            parts.Add("time " + TextClip.Clip(time.Name, MaxSchemaNameLength));
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
            parts.Add($"{snapshot.Name}: {TextClip.Clip(id.Name, MaxSchemaNameLength)} ({OperatorNames.TypeName(id.Type)}{range})");
        }
        return parts.Count == 0 ? "no source has an id column" : string.Join("; ", parts);
    }
}
