namespace Udc.RateLimiting;

/// <summary>
/// One partition's sliding window: the window is cut into segments, each counting the requests it admitted,
/// and a request is admitted while the segments still inside the window add up to less than the limit. The
/// same algorithm as ASP.NET Core's <c>SlidingWindowRateLimiter</c> (and as the Redis script, so a replica
/// that falls back behaves the same); it is written out here because the headers need what that type does
/// not expose: the exact time until the oldest counted request leaves the window.
/// </summary>
internal sealed class SlidingWindowCounter(int segments)
{
    private readonly Lock _lock = new();
    private readonly int[] _counts = new int[segments];
    private readonly long[] _segmentOf = new long[segments];
    private long _lastSegment = long.MinValue;

    /// <summary>True when every counted request has left the window: the partition can be dropped.</summary>
    public bool IsIdle(long nowMilliseconds, long segmentMilliseconds) =>
        Volatile.Read(ref _lastSegment) <= nowMilliseconds / segmentMilliseconds - segments;

    /// <param name="units">What the request counts for: 1 for a request, a read's charge for a cost quota, 0 to only look.</param>
    public (bool Allowed, int Remaining, long ResetMilliseconds) Acquire(long nowMilliseconds, long segmentMilliseconds, int limit, int units)
    {
        var current = nowMilliseconds / segmentMilliseconds;
        var oldest = current - segments + 1;
        lock (_lock)
        {
            var total = 0;
            var first = long.MaxValue;
            for (var i = 0; i < segments; i++)
            {
                if (_segmentOf[i] >= oldest && _counts[i] > 0)
                {
                    total += _counts[i];
                    first = Math.Min(first, _segmentOf[i]);
                }
            }
            var allowed = total < limit;
            if (allowed && units > 0)
            {
                var slot = (int)(current % segments);
                if (_segmentOf[slot] != current)
                {
                    _segmentOf[slot] = current;
                    _counts[slot] = 0;
                }
                _counts[slot] = (int)Math.Min(int.MaxValue, (long)_counts[slot] + units);
                total = (int)Math.Min(int.MaxValue, (long)total + units);
                first = Math.Min(first, current);
                _lastSegment = current;
            }
            var reset = first == long.MaxValue ? 0 : (first + segments) * segmentMilliseconds - nowMilliseconds;
            return (allowed, Math.Max(0, limit - total), reset);
        }
    }
}
