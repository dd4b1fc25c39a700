namespace Udc.Background;

/// <summary>
/// One claimed piece of work: <see cref="Subject"/> names what it is about (a job id, a connector), and
/// <see cref="Attempt"/> counts claims, this one included. <see cref="LeaseToken"/> fences the claim: only the holder
/// of the current token can settle the item, so a worker that lost its lease (paused, cut off) cannot complete it.
/// </summary>
internal sealed record WorkItem(long Id, string Queue, string Subject, int Attempt, string LeaseToken, string? LastError, DateTimeOffset CreatedAt);
