using System.Text.Json.Serialization;

namespace Udc.Ingestion.Storage;

/// <summary>What ingestion keeps as JSON text in the database: checkpoints, field profiles and drift findings.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IngestCheckpoint))]
[JsonSerializable(typeof(Dictionary<string, FieldProfile>))]
[JsonSerializable(typeof(List<DriftFinding>))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
