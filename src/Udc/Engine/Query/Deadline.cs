using System.Diagnostics.CodeAnalysis;

namespace Udc.Engine.Query;

/// <summary>
/// When the current request must be answered by. Set once per request (<see cref="Start"/>) and read by the engine's
/// long loops between chunks of rows (<see cref="ChunkRows"/>), so a scan that would outlive its request stops
/// within one chunk of the deadline instead of running on for nobody. Flows with the request's async context.
/// </summary>
internal static class Deadline
{
    /// <summary>65,536 rows take well under a millisecond to scan: a check per chunk costs nothing measurable.</summary>
    public const int ChunkRows = 65_536;

    private static readonly AsyncLocal<Clock?> s_current = new();

    /// <summary>Makes <paramref name="budget"/> from now the deadline of the rest of this async flow.</summary>
    public static void Start(TimeProvider time, TimeSpan budget) => s_current.Value = new Clock(time, time.GetTimestamp(), budget);

    /// <summary>No deadline for the rest of this flow (background work).</summary>
    public static void Clear() => s_current.Value = null;

    /// <summary>The budget of the current deadline; null when there is none.</summary>
    public static TimeSpan? Budget => s_current.Value?.Budget;

    public static bool Passed => s_current.Value is { } clock && clock.Time.GetElapsedTime(clock.Start) > clock.Budget;

    public static void ThrowIfPassed()
    {
        if (Passed)
        {
            Throw();
        }
    }

    [DoesNotReturn]
    private static void Throw() => throw new DeadlineExceededException(s_current.Value!.Budget);

    private sealed record Clock(TimeProvider Time, long Start, TimeSpan Budget);
}

/// <summary>The request's deadline passed before the engine finished; the edge answers 504 (or a tool error).</summary>
internal sealed class DeadlineExceededException(TimeSpan budget)
    : Exception($"The request's deadline of {budget.TotalMilliseconds:0} ms passed before its answer was complete; narrow the filter, ask for fewer rows, or allow more time.")
{
    public TimeSpan Budget => budget;
}
