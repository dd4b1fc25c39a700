using System.Text.Json;
using System.Text.Json.Serialization;

namespace Udc.Ingestion.Connectors;

/// <summary>
/// The connectors file as written (<c>connectors.jsonc</c> in the data folder): connectors and database sources, every
/// field optional here, so each one is read, checked and reported on its own by <see cref="ConnectorFile"/>.
/// </summary>
internal sealed class ConnectorFileModel
{
    [JsonPropertyName("connectors")]
    public Dictionary<string, JsonElement>? Connectors { get; init; }

    /// <summary>Database sources, each read by <see cref="Engine.Database.DatabaseSourceConfig"/>.</summary>
    [JsonPropertyName("databases")]
    public Dictionary<string, JsonElement>? Databases { get; init; }
}

/// <summary>One connector as written; <see cref="ConnectorFile"/> turns it into a <see cref="ConnectorDefinition"/>.</summary>
internal sealed class ConnectorModel
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("method")]
    public string? Method { get; init; }

    [JsonPropertyName("headers")]
    public Dictionary<string, string>? Headers { get; init; }

    /// <summary>Header name to the environment variable holding its value: the value is never in the file.</summary>
    [JsonPropertyName("secret_headers")]
    public Dictionary<string, string>? SecretHeaders { get; init; }

    [JsonPropertyName("records")]
    public string? Records { get; init; }

    [JsonPropertyName("id_field")]
    public string? IdField { get; init; }

    [JsonPropertyName("id_columns")]
    public List<string>? IdColumns { get; init; }

    [JsonPropertyName("pagination")]
    public PaginationModel? Pagination { get; init; }

    [JsonPropertyName("incremental")]
    public IncrementalModel? Incremental { get; init; }

    [JsonPropertyName("conditional")]
    public bool? Conditional { get; init; }

    /// <summary>An interval (<c>15m</c>) or a cron expression in UTC (<c>*/5 * * * *</c>); none: runs at start and on demand.</summary>
    [JsonPropertyName("schedule")]
    public string? Schedule { get; init; }

    [JsonPropertyName("run_at_start")]
    public bool? RunAtStart { get; init; }

    [JsonPropertyName("allow_hosts")]
    public List<string>? AllowHosts { get; init; }

    [JsonPropertyName("allow_addresses")]
    public List<string>? AllowAddresses { get; init; }

    [JsonPropertyName("timeout_seconds")]
    public double? TimeoutSeconds { get; init; }

    [JsonPropertyName("requests_per_second")]
    public int? RequestsPerSecond { get; init; }

    [JsonPropertyName("required_fields")]
    public List<string>? RequiredFields { get; init; }

    [JsonPropertyName("fail_on_drift")]
    public bool? FailOnDrift { get; init; }

    [JsonPropertyName("max_pages")]
    public int? MaxPages { get; init; }

    [JsonPropertyName("max_bytes")]
    public long? MaxBytes { get; init; }

    [JsonPropertyName("header")]
    public bool? Header { get; init; }

    [JsonPropertyName("delimiter")]
    public string? Delimiter { get; init; }

    [JsonPropertyName("encoding")]
    public string? Encoding { get; init; }

    [JsonPropertyName("noun")]
    public string? Noun { get; init; }

    [JsonPropertyName("time_column")]
    public string? TimeColumn { get; init; }
}

internal sealed class PaginationModel
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("param")]
    public string? Param { get; init; }

    [JsonPropertyName("start")]
    public long? Start { get; init; }

    [JsonPropertyName("size_param")]
    public string? SizeParam { get; init; }

    [JsonPropertyName("size")]
    public int? Size { get; init; }

    /// <summary>Cursor pagination: a JSON pointer to the next cursor in the body.</summary>
    [JsonPropertyName("next")]
    public string? Next { get; init; }
}

internal sealed class IncrementalModel
{
    [JsonPropertyName("param")]
    public string? Param { get; init; }

    [JsonPropertyName("field")]
    public string? Field { get; init; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ConnectorFileModel))]
[JsonSerializable(typeof(ConnectorModel))]
internal sealed partial class ConnectorJsonContext : JsonSerializerContext;
