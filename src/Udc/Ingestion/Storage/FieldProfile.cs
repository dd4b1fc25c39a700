using System.Text.Json.Serialization;

namespace Udc.Ingestion.Storage;

/// <summary>How a top-level field looked across one run's records: how often present, how often null, which JSON kinds.</summary>
internal sealed class FieldProfile
{
    [JsonPropertyName("present")]
    public long Present { get; set; }

    [JsonPropertyName("nulls")]
    public long Nulls { get; set; }

    /// <summary>Kinds seen other than null: string, number, boolean, object, array.</summary>
    [JsonPropertyName("kinds")]
    public SortedSet<string> Kinds { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One change in shape between a run and the run before it.</summary>
/// <param name="Kind"><c>new_field</c>, <c>missing_field</c>, <c>type_changed</c> or <c>null_rate_jump</c>.</param>
internal sealed record DriftFinding(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("detail")] string Detail);
