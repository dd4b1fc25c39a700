namespace Udc.Engine.Query.Aggregation;

/// <summary>
/// What aggregations may hold. A grouping's scratch memory grows with its groups (each has a count, a first row,
/// its metrics' cells, its slot in the key table and its values in each column's code table), so one query may
/// make at most <see cref="MaxGroups"/> groups and hold at most <see cref="MaxScratchBytes"/>, whichever comes
/// first; and at most <see cref="MaxConcurrentHeavy"/> groupings that may need more than <see cref="HeavyBytes"/>
/// run at once, so a burst of them cannot multiply that. Small groupings (the common "count by status and
/// priority") never wait for a slot. After a burst of heavy ones the memory they used is given back.
/// </summary>
/// <remarks>
/// Shared by every surface that aggregates (<c>/data/{source}/aggregate</c>, the assistant's and MCP's tools), like
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>: memory is the process's, so the bound is too.
/// </remarks>
internal sealed class AggregationBudget
{
    /// <summary>
    /// 100,000 groups: an aggregate answers with at most 1,000 of them, largest first; past this a grouping is a
    /// listing of near-unique combinations (names, emails, timestamps), which a page of rows serves better.
    /// </summary>
    public const int DefaultMaxGroups = 100_000;

    /// <summary>32 MiB holds 100,000 groups of four columns and a count, or fewer groups with many metrics.</summary>
    public const long DefaultMaxScratchBytes = 32L * 1024 * 1024;

    /// <summary>A grouping that may need more than 4 MiB takes a heavy slot; below that it runs at once.</summary>
    public const long DefaultHeavyBytes = 4L * 1024 * 1024;

    /// <summary>A retry after 2 s finds a slot free: a heavy grouping of a million rows takes well under a second.</summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Memory goes back to the system once no heavy grouping has run for this long.</summary>
    public static readonly TimeSpan TrimDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Action _trim;
    private readonly Timer _trimTimer;
    private int _running;
    private long _refused;

    /// <param name="maxConcurrentHeavy">Heavy groupings at once; more are refused as busy.</param>
    /// <param name="trim">Gives memory back after a burst; a full compacting collection unless a test watches it.</param>
    public AggregationBudget(int maxGroups, long maxScratchBytes, long heavyBytes, int maxConcurrentHeavy, Action? trim = null)
    {
        MaxGroups = maxGroups;
        MaxScratchBytes = maxScratchBytes;
        HeavyBytes = heavyBytes;
        MaxConcurrentHeavy = maxConcurrentHeavy;
        _trim = trim ?? ReturnMemory;
        _trimTimer = new Timer(static state => ((AggregationBudget)state!).TrimIfIdle(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>
    /// One heavy grouping per two cores, at least 2 and at most 4: each keeps a core busy, and 4 of them hold at
    /// most 128 MiB of scratch at once whatever the machine.
    /// </summary>
    public static AggregationBudget Shared { get; } = new(DefaultMaxGroups, DefaultMaxScratchBytes, DefaultHeavyBytes, Math.Clamp(Environment.ProcessorCount / 2, 2, 4));

    public int MaxGroups { get; }

    public long MaxScratchBytes { get; }

    public long HeavyBytes { get; }

    public int MaxConcurrentHeavy { get; }

    /// <summary>Heavy groupings running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Heavy groupings refused as busy since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The groups one grouping may make when each costs <paramref name="bytesPerGroup"/> of scratch.</summary>
    public int MaxGroupsFor(long bytesPerGroup) => (int)Math.Min(MaxGroups, MaxScratchBytes / Math.Max(1, bytesPerGroup));

    /// <summary>Takes a heavy slot, or throws <see cref="AggregationLimitException"/> when all are taken.</summary>
    public HeavySlot EnterHeavy()
    {
        lock (_lock)
        {
            if (_running >= MaxConcurrentHeavy)
            {
                Interlocked.Increment(ref _refused);
                throw new AggregationLimitException(AggregationLimit.Busy,
                    $"The server is running {MaxConcurrentHeavy} large groupings already; retry in {BusyRetryAfter.TotalSeconds:0} s, or group by fewer or lower-cardinality columns.",
                    BusyRetryAfter);
            }
            _running++;
        }
        return new HeavySlot(this);
    }

    private void Leave()
    {
        lock (_lock)
        {
            if (--_running == 0)
            {
                _trimTimer.Change(TrimDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void TrimIfIdle()
    {
        lock (_lock)
        {
            if (_running > 0)
            {
                return;
            }
        }
        _trim();
    }

    /// <summary>
    /// A blocking, compacting collection in aggressive mode: it frees the groupings' tables and decommits the
    /// freed memory, which the GC would otherwise keep for the next burst however long that takes.
    /// </summary>
    private static void ReturnMemory() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>A heavy grouping's place; give it back with <see cref="Dispose"/>.</summary>
    public readonly struct HeavySlot(AggregationBudget? budget) : IDisposable
    {
        public void Dispose() => budget?.Leave();
    }
}
