using System.Runtime.ExceptionServices;

namespace Udc.Engine.Loading;

/// <summary>
/// <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> for the loaders: one item runs on the calling
/// thread, at most one worker per core takes part (the thread pool's other threads stay free for requests while a
/// large file loads), and a failure surfaces as the exception it was, not wrapped in an
/// <see cref="AggregateException"/>, so callers catch what the loop body throws.
/// </summary>
internal static class ParallelLoops
{
    private static readonly ParallelOptions s_options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    public static void For(int count, Action<int> body)
    {
        if (count == 1)
        {
            body(0);
            return;
        }
        try
        {
            Parallel.For(0, count, s_options, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> for every item until one returns false; true when none did.</summary>
    public static bool All(int count, Func<int, bool> body)
    {
        if (count == 1)
        {
            return body(0);
        }
        var failed = 0;
        For(count, i =>
        {
            if (Volatile.Read(ref failed) == 0 && !body(i))
            {
                Volatile.Write(ref failed, 1);
            }
        });
        return failed == 0;
    }
}
