namespace Udc.Caching;

/// <summary>Hit and miss counts since start, for <c>/health/summary</c>.</summary>
internal sealed class CacheCounters
{
    private long _memoryHits;
    private long _redisHits;
    private long _misses;
    private long _notModified;

    public long MemoryHits => Interlocked.Read(ref _memoryHits);

    public long RedisHits => Interlocked.Read(ref _redisHits);

    public long Misses => Interlocked.Read(ref _misses);

    public long NotModified => Interlocked.Read(ref _notModified);

    public void MemoryHit() => Interlocked.Increment(ref _memoryHits);

    public void RedisHit() => Interlocked.Increment(ref _redisHits);

    public void Miss() => Interlocked.Increment(ref _misses);

    public void Revalidated() => Interlocked.Increment(ref _notModified);
}
