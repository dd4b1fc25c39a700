using System.Text.Json.Serialization;

namespace Udc.Engine.Catalog;

/// <summary>
/// The optional configuration file: renames sources and names their id and time columns.
/// <code>{ "sources": { "crm": { "file": "customers.json", "id_column": "customer_id", "noun": "customer" } } }</code>
/// </summary>
internal sealed class CatalogConfig
{
    [JsonPropertyName("sources")]
    public Dictionary<string, SourceConfig> Sources { get; init; } = [];

    /// <summary>The seed's three files, served under the seed's names unless a configuration says otherwise.</summary>
    public static CatalogConfig Defaults { get; } = new()
    {
        Sources = new()
        {
            ["crm"] = new() { File = "customers.json", IdColumn = "customer_id", TimeColumn = "created_at", Noun = "customer" },
            ["support"] = new() { File = "support_tickets.json", IdColumn = "ticket_id", TimeColumn = "created_at", Noun = "ticket" },
            ["analytics"] = new() { File = "analytics.json", TimeColumn = "date", Noun = "data point" },
        },
    };
}

internal sealed class SourceConfig
{
    [JsonPropertyName("file")]
    public string? File { get; init; }

    [JsonPropertyName("id_column")]
    public string? IdColumn { get; init; }

    [JsonPropertyName("time_column")]
    public string? TimeColumn { get; init; }

    [JsonPropertyName("noun")]
    public string? Noun { get; init; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CatalogConfig))]
internal sealed partial class CatalogConfigJsonContext : JsonSerializerContext;
