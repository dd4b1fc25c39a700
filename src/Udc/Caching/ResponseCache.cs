using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;
using Udc.Hosting;
using Udc.Redis;

namespace Udc.Caching;

/// <summary>
/// Two tiers of rendered responses: memory first, then Redis (shared by replicas) when configured. Keys
/// carry the snapshot's content tag, so a reload or a webhook makes old entries unreachable at once; an
/// explicit invalidation changes the source's generation token on every replica, with the same effect.
/// Redis failing never fails a request: the lookup simply misses.
/// </summary>
internal sealed class ResponseCache(CacheSettings settings, RedisConnection redis, TimeProvider time)
{
    /// <summary>Where an invalidation of every source keeps its token.</summary>
    public const string AllSources = "*";

    private readonly MemoryCacheTier _memory = new(settings.MaxBytes);
    private readonly ConcurrentDictionary<string, string> _generations = new(StringComparer.Ordinal);

    public CacheSettings Settings => settings;

    public CacheCounters Counters { get; } = new();

    public MemoryCacheTier Memory => _memory;

    public long NowMilliseconds => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The source's current generation: part of every key, replaced by an invalidation.</summary>
    public string GenerationOf(string source) => _generations.TryGetValue(source, out var token) ? token : "0";

    public async ValueTask<(CachedResponse? Entry, bool FromRedis)> GetAsync(string key, string source)
    {
        var now = NowMilliseconds;
        if (_memory.Get(key, now) is { } local)
        {
            Counters.MemoryHit();
            return (local, false);
        }
        if (redis.IsAvailable)
        {
            var redisKey = RedisKey(key);
            var (ok, value) = await redis.RunAsync(db => db.StringGetWithExpiryAsync(redisKey));
            if (ok && CachedResponse.FromRedisValue((byte[]?)value.Value, source, now + (long)(value.Expiry ?? settings.Ttl).TotalMilliseconds) is { } shared)
            {
                _memory.Set(key, shared);
                Counters.RedisHit();
                return (shared, true);
            }
        }
        Counters.Miss();
        return (null, false);
    }

    public void Store(string key, string source, byte[] body, string etag)
    {
        if (body.Length > CacheSettings.MaxEntryBytes)
        {
            return;
        }
        var entry = new CachedResponse(body, etag, source, NowMilliseconds + (long)settings.Ttl.TotalMilliseconds);
        _memory.Set(key, entry);
        var redisKey = RedisKey(key);
        var value = entry.ToRedisValue();
        redis.FireAndForget(db => db.StringSet(redisKey, value, settings.Ttl, flags: CommandFlags.FireAndForget));
    }

    /// <summary>
    /// Makes every entry of the source unreachable here (null: every source) under a new generation token;
    /// the caller spreads the same token to the other replicas.
    /// </summary>
    public int Invalidate(string? source, string token)
    {
        if (source is null)
        {
            foreach (var name in _generations.Keys)
            {
                _generations[name] = token;
            }
            _generations[AllSources] = token;
        }
        else
        {
            _generations[source] = token;
        }
        return _memory.RemoveSource(source);
    }

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Keys are hashed for Redis: bounded length, and no query text stored in the shared store's key space.</summary>
    private static RedisKey RedisKey(string key)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);
        return "udc:cache:" + UdcVersion.Current + ":" + Convert.ToHexStringLower(digest[..20]);
    }
}
