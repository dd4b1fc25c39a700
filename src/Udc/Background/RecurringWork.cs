namespace Udc.Background;

/// <summary>
/// Work that comes due on a <see cref="Schedule"/>: each time, one item for <see cref="Subject"/> is added to
/// <see cref="Queue"/>, unless the last one is still queued or running (a run never overlaps the one before).
/// </summary>
/// <param name="Name">Unique among schedules; the next due time is kept in SQLite under it, so a restart keeps the rhythm.</param>
/// <param name="RunAtStart">Also due when this process starts.</param>
internal sealed record RecurringWork(string Name, Schedule Schedule, string Queue, string Subject, bool RunAtStart);
