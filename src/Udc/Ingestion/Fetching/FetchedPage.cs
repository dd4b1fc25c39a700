using Udc.Ingestion.Storage;

namespace Udc.Ingestion.Fetching;

/// <summary>
/// One upstream record: its id, what was received (<see cref="Raw"/>: the JSON record, the CSV row as a JSON array
/// of its fields, the feed item's XML) and the record a source serves (<see cref="Normalized"/>, a JSON object).
/// </summary>
internal readonly record struct FetchedRecord(string Id, string Raw, byte[] Normalized);

/// <summary>A record that failed its checks: it goes to the rejected table with the reason, never into the source.</summary>
internal sealed record RejectedRecord(string? Id, string Reason, string Raw);

/// <summary>
/// One unit of work a run commits at once: a page of an API, a batch of CSV rows, a whole feed. <see cref="Next"/>
/// is where the following page starts, null after the last.
/// </summary>
internal sealed class FetchedPage
{
    public List<FetchedRecord> Records { get; } = [];

    public List<RejectedRecord> Rejected { get; } = [];

    public ResumePosition? Next { get; set; }

    /// <summary>The upstream said nothing changed (304 Not Modified, or the same local file): nothing to commit.</summary>
    public bool NotModified { get; set; }

    /// <summary>Validators of the response, kept for the next run's conditional request.</summary>
    public string? ETag { get; set; }

    public string? LastModified { get; set; }

    /// <summary>The highest incremental field value the run has seen up to and including this page.</summary>
    public string? HighWater { get; set; }

    /// <summary>A whole document's SHA-256 (CSV, feed): the same bytes next time are no news.</summary>
    public string? ContentHash { get; set; }

    /// <summary>HTTP requests this page took.</summary>
    public int Requests { get; set; }
}

/// <summary>The upstream answered with something that is not what the connector reads; the run fails at this page.</summary>
internal sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner);
