using Microsoft.Data.Sqlite;

namespace Udc.Background;

/// <summary>
/// What a handler says about the item it ran. <see cref="Apply"/> is the handler's own write (a job's result, a
/// status), made in the same SQLite transaction that settles the item and only if this worker still holds it: a
/// result is stored exactly once however often the work itself ran.
/// </summary>
internal sealed class WorkOutcome
{
    private WorkOutcome(WorkOutcomeKind kind, string? error, TimeSpan? delay, Action<SqliteConnection, SqliteTransaction>? apply)
    {
        Kind = kind;
        Error = error;
        Delay = delay;
        Apply = apply;
    }

    public WorkOutcomeKind Kind { get; }

    public string? Error { get; }

    /// <summary>For <see cref="WorkOutcomeKind.Retry"/> the target's <c>Retry-After</c>; for <see cref="WorkOutcomeKind.CheckLater"/> the wait.</summary>
    public TimeSpan? Delay { get; }

    public Action<SqliteConnection, SqliteTransaction>? Apply { get; }

    /// <summary>Finished: the item is removed.</summary>
    public static WorkOutcome Done(Action<SqliteConnection, SqliteTransaction>? apply = null) => new(WorkOutcomeKind.Done, null, null, apply);

    /// <summary>Failed for good (bad input, a refusal): no retry.</summary>
    public static WorkOutcome Fail(string error, Action<SqliteConnection, SqliteTransaction>? apply = null) => new(WorkOutcomeKind.Fail, error, null, apply);

    /// <summary>
    /// Failed, worth another attempt after the retry policy's backoff (or <paramref name="retryAfter"/>). Past the
    /// last attempt the worker gives up instead, and the handler's <see cref="IWorkHandler.GiveUp"/> writes that.
    /// </summary>
    public static WorkOutcome Retry(string error, TimeSpan? retryAfter = null, Action<SqliteConnection, SqliteTransaction>? apply = null) =>
        new(WorkOutcomeKind.Retry, error, retryAfter, apply);

    /// <summary>Not finished and nothing failed (waiting for a vendor's callback): run again after <paramref name="delay"/>, no attempt spent.</summary>
    public static WorkOutcome CheckLater(TimeSpan delay, Action<SqliteConnection, SqliteTransaction>? apply = null) => new(WorkOutcomeKind.CheckLater, null, delay, apply);
}

internal enum WorkOutcomeKind
{
    Done,
    Fail,
    Retry,
    CheckLater,
}
