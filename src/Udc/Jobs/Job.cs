namespace Udc.Jobs;

/// <summary>A job as stored; <see cref="Client"/> is the key id that made it ('' without keys). Times are Unix milliseconds (UTC); <see cref="Result"/> is JSON, already cleaned of personal data.</summary>
internal sealed record Job(
    string Id,
    string Kind,
    string? Vendor,
    string Status,
    string Payload,
    string? Result,
    string? Error,
    int Attempts,
    string? CallbackUrl,
    long CreatedAt,
    long UpdatedAt,
    long? StartedAt,
    long? FinishedAt,
    string Client)
{
    public bool IsFinished => JobStatus.IsFinished(Status);
}

/// <summary>A job's states. queued → running → (waiting_for_vendor →) complete | failed; cancelled from any unfinished state.</summary>
internal static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string WaitingForVendor = "waiting_for_vendor";
    public const string Complete = "complete";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Queued, Running, WaitingForVendor, Complete, Failed, Cancelled];

    public static bool IsFinished(string status) => status is Complete or Failed or Cancelled;
}

/// <summary>The kinds of job: a vendor call, or an export of a source run in the background.</summary>
internal static class JobKind
{
    public const string Vendor = "vendor";
    public const string Export = "export";
}
