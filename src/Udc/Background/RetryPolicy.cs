using Udc.Outbound;

namespace Udc.Background;

/// <summary>
/// How often and how soon failed work is tried again: exponential backoff with jitter from <see cref="BaseDelay"/>,
/// capped at <see cref="MaxDelay"/>, or the target's <c>Retry-After</c> when it gave one; after
/// <see cref="MaxAttempts"/> attempts the work is given up. Delays are stored as the item's next due time, so a
/// restart keeps them.
/// </summary>
internal sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>5 attempts 1 s apart, doubling: about 15 s of retries before giving up, enough to ride out a restart.</summary>
    public static readonly RetryPolicy Default = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>
    /// Hourly housekeeping (pruning past a retention): a failed run, the write lock held by a long checkpoint, is
    /// tried once more 30 s later, then by the next hour's run.
    /// </summary>
    public static readonly RetryPolicy Housekeeping = new(2, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    /// <summary>A <c>Retry-After</c> is honoured up to an hour: a target asking for a day parks the work, not the queue.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    /// <param name="attempt">The attempt that just failed, 1 for the first.</param>
    public TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter) =>
        RetryDelay.Next(Math.Max(0, attempt - 1), BaseDelay, retryAfter is { } asked && asked > MaxRetryAfter ? MaxRetryAfter : retryAfter, MaxDelay);

    public bool CanRetry(int attempt) => attempt < MaxAttempts;
}
