using System.Collections.Concurrent;

namespace Udc.RateLimiting;

/// <summary>
/// Sliding windows kept in this process, one per partition, at most <see cref="RateLimitSettings.MaxPartitions"/>:
/// idle partitions are dropped first, and while the table is full of live ones, new partitions share one
/// overflow window. Memory stays bounded and a flood of new addresses is still limited, never waved through.
/// </summary>
internal sealed class LocalRateLimiter(int segments, long segmentMilliseconds, int maxPartitions, TimeProvider time)
{
    private static readonly PartitionKey s_overflow = new("\0overflow", "", "");

    private readonly ConcurrentDictionary<PartitionKey, SlidingWindowCounter> _partitions = new();
    private readonly long _start = time.GetTimestamp();
    private long _lastSweep;

    public int PartitionCount => _partitions.Count;

    /// <summary>Monotonic milliseconds since this limiter was made (never a wall clock, which can step back).</summary>
    public long NowMilliseconds => (long)time.GetElapsedTime(_start).TotalMilliseconds;

    public (bool Allowed, int Remaining, long ResetMilliseconds) Acquire(PartitionKey partition, int limit, int units = 1)
    {
        var now = NowMilliseconds;
        if (!_partitions.TryGetValue(partition, out var counter))
        {
            if (_partitions.Count >= maxPartitions)
            {
                Sweep(now);
            }
            counter = _partitions.Count < maxPartitions
                ? _partitions.GetOrAdd(partition, _ => new SlidingWindowCounter(segments))
                : _partitions.GetOrAdd(s_overflow, _ => new SlidingWindowCounter(segments));
        }
        return counter.Acquire(now, segmentMilliseconds, limit, units);
    }

    /// <summary>Drops partitions whose requests have all left the window; at most once a segment.</summary>
    public void Sweep(long now)
    {
        var last = Volatile.Read(ref _lastSweep);
        if (now - last < segmentMilliseconds || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }
        foreach (var (key, counter) in _partitions)
        {
            if (counter.IsIdle(now, segmentMilliseconds))
            {
                _partitions.TryRemove(key, out _);
            }
        }
    }
}

/// <summary>A window's identity: what is limited (<c>rl</c> requests, <c>af</c> auth failures), whose, and where.</summary>
internal readonly record struct PartitionKey(string Kind, string Partition, string Source);
