using System.Text.Json.Serialization;

namespace Udc.Ingestion.Storage;

/// <summary>
/// Where a connector stands, saved in the transaction of the page it covers. Two parts: what the last complete
/// run left (validators for a conditional request, the incremental high-water mark), and, while a run is cut
/// short, where the next run resumes (<see cref="Resume"/>).
/// </summary>
internal sealed record IngestCheckpoint
{
    public static readonly IngestCheckpoint Initial = new();

    [JsonPropertyName("etag")]
    public string? ETag { get; init; }

    [JsonPropertyName("last_modified")]
    public string? LastModified { get; init; }

    /// <summary>The SHA-256 of the last whole document read (CSV, feed).</summary>
    [JsonPropertyName("content_hash")]
    public string? ContentHash { get; init; }

    /// <summary>The highest incremental field value among the records of the last complete run.</summary>
    [JsonPropertyName("high_water")]
    public string? HighWater { get; init; }

    /// <summary>Set while a run is incomplete: the page the next run starts at.</summary>
    [JsonPropertyName("resume")]
    public ResumePosition? Resume { get; init; }
}

/// <summary>
/// The next page of an incomplete run. <see cref="Since"/> is the incremental value that run asked with, so a
/// resumed run asks the same question; <see cref="PendingHighWater"/> the highest value its committed pages held.
/// </summary>
internal sealed record ResumePosition
{
    [JsonPropertyName("page")]
    public long Page { get; init; }

    [JsonPropertyName("offset")]
    public long Offset { get; init; }

    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }

    [JsonPropertyName("next_url")]
    public string? NextUrl { get; init; }

    /// <summary>CSV: data rows already committed.</summary>
    [JsonPropertyName("row")]
    public long Row { get; init; }

    /// <summary>CSV: the hash of the file those rows came from; a different file starts again from row 0.</summary>
    [JsonPropertyName("content_hash")]
    public string? ContentHash { get; init; }

    [JsonPropertyName("since")]
    public string? Since { get; init; }

    [JsonPropertyName("pending_high_water")]
    public string? PendingHighWater { get; init; }

    /// <summary>Pages committed so far, counting from the run that started the sequence.</summary>
    [JsonPropertyName("pages_done")]
    public int PagesDone { get; init; }
}
