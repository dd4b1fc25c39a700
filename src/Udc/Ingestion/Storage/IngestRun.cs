namespace Udc.Ingestion.Storage;

/// <summary>One run of a connector as stored: when, why, how it ended and what it counted.</summary>
internal sealed record IngestRun(
    long RunId,
    string Connector,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string Status,
    long Pages,
    long Requests,
    long Fetched,
    long Inserted,
    long Updated,
    long Unchanged,
    long Rejected,
    string? Error,
    IReadOnlyList<DriftFinding> Drift)
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string NotModified = "not_modified";
    public const string Failed = "failed";

    /// <summary>A queued run another replica made instead: it held the connector's lease.</summary>
    public const string Skipped = "skipped";

    /// <summary>A run its process never finished (killed, or the machine went down); found and marked by the next run.</summary>
    public const string Interrupted = "interrupted";

    public TimeSpan? Duration => EndedAt - StartedAt;
}

/// <summary>What a committed page changed, by the same counts a run keeps.</summary>
internal sealed record PageCommit(int Inserted, int Updated, int Unchanged, int Rejected, long Sequence, List<byte[]> Changed);
