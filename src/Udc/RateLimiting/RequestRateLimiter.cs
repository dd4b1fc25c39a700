using System.Collections.Concurrent;
using Udc.Redis;

namespace Udc.RateLimiting;

/// <summary>
/// Decides whether a request may proceed. With Redis available, windows live in Redis and are shared by every
/// replica; when Redis cannot answer in time, this replica's own windows decide: a fallback that is never
/// unlimited and never an error.
/// </summary>
internal sealed class RequestRateLimiter
{
    public const string PerSourcePolicy = "per-source";
    public const string AuthFailurePolicy = "auth-failures";
    public const string SignatureFailurePolicy = "signature-failures";
    public const string QuotaPolicy = "cost";

    private readonly RateLimitSettings _settings;
    private readonly RedisConnection _redis;
    private readonly LocalRateLimiter _local;
    private readonly long _segmentMilliseconds;

    /// <summary>Addresses over the failed-authentication limit, and until when (ms): checked before any key is.</summary>
    private readonly ConcurrentDictionary<string, long> _blocked = new(StringComparer.Ordinal);

    /// <summary>Entries in <see cref="_blocked"/>: read on every request, where the dictionary's own count takes locks.</summary>
    private int _blockedCount;

    public RequestRateLimiter(RateLimitSettings settings, RedisConnection redis, TimeProvider time)
    {
        _settings = settings;
        _redis = redis;
        _segmentMilliseconds = (long)settings.Window.TotalMilliseconds / settings.Segments;
        _local = new LocalRateLimiter(settings.Segments, _segmentMilliseconds, settings.MaxPartitions, time);
    }

    public RateLimitSettings Settings => _settings;

    public int LocalPartitions => _local.PartitionCount;

    /// <summary>One request of <paramref name="partition"/> (a key id or an address) to a source; null when unlimited.</summary>
    public async ValueTask<RateLimitDecision?> AcquireAsync(string partition, string source)
    {
        var limit = _settings.LimitFor(source);
        if (limit <= 0)
        {
            return null;
        }
        var (allowed, remaining, reset) = await AcquireAsync("rl", partition, source, limit, units: 1);
        return new RateLimitDecision(allowed, PerSourcePolicy, limit, _settings.WindowSeconds, remaining, reset);
    }

    /// <summary>
    /// The caller's cost quota (<c>QUOTA_UNITS</c> per window): with <paramref name="units"/> 0, whether any is left;
    /// otherwise charges a finished read its cost. A read that starts with quota left runs to the end and is charged
    /// in full, so one export can spend a window's quota; the next read then waits. Null when quotas are off.
    /// </summary>
    public async ValueTask<RateLimitDecision?> QuotaAsync(string partition, long units)
    {
        var limit = _settings.QuotaUnits;
        if (limit <= 0)
        {
            return null;
        }
        var (allowed, remaining, reset) = await AcquireAsync("q", partition, "", limit, (int)Math.Min(units, int.MaxValue));
        return new RateLimitDecision(allowed, QuotaPolicy, limit, _settings.WindowSeconds, remaining, reset);
    }

    /// <summary>True while an address is over its failed-authentication limit; no key from it is even checked.</summary>
    public bool IsBlocked(HttpContext context, out RateLimitDecision decision)
    {
        decision = default;
        // The common case, nobody blocked, costs one read: the address is not even formatted.
        if (Volatile.Read(ref _blockedCount) == 0)
        {
            return false;
        }
        var address = ClientAddress.Of(context);
        if (!_blocked.TryGetValue(address, out var until))
        {
            return false;
        }
        var now = _local.NowMilliseconds;
        if (until <= now)
        {
            Unblock(address);
            return false;
        }
        decision = new RateLimitDecision(false, AuthFailurePolicy, _settings.AuthFailureLimit, _settings.WindowSeconds, 0, until - now);
        return true;
    }

    /// <summary>
    /// Counts a webhook whose signature did not verify, apart from failed keys: a sender with a wrong or old
    /// secret must not lock its address out of client keys. Past the limit only badly signed webhooks are
    /// refused; a correct signature is never refused for them (an HMAC-SHA256 cannot be guessed, so there is no
    /// oracle to starve).
    /// </summary>
    public async ValueTask<RateLimitDecision> RecordSignatureFailureAsync(string address)
    {
        var limit = _settings.AuthFailureLimit;
        if (limit <= 0)
        {
            return new RateLimitDecision(true, SignatureFailurePolicy, 0, _settings.WindowSeconds, 0, 0);
        }
        var (allowed, remaining, reset) = await AcquireAsync("sf", address, "", limit, units: 1);
        return new RateLimitDecision(allowed, SignatureFailurePolicy, limit, _settings.WindowSeconds, remaining, reset);
    }

    /// <summary>Counts a failed authentication; a rejected decision means the address is now blocked.</summary>
    public async ValueTask<RateLimitDecision> RecordAuthFailureAsync(string address)
    {
        var limit = _settings.AuthFailureLimit;
        if (limit <= 0)
        {
            return new RateLimitDecision(true, AuthFailurePolicy, 0, _settings.WindowSeconds, 0, 0);
        }
        // A failure is admitted while under the limit; the one that finds it full blocks the address.
        var (allowed, remaining, reset) = await AcquireAsync("af", address, "", limit, units: 1);
        if (!allowed || remaining == 0)
        {
            var until = _local.NowMilliseconds + Math.Max(reset, 1000);
            if (_blocked.TryAdd(address, until))
            {
                Interlocked.Increment(ref _blockedCount);
            }
            else
            {
                _blocked[address] = until;
            }
            if (_blocked.Count > _settings.MaxPartitions)
            {
                SweepBlocked();
            }
        }
        return new RateLimitDecision(allowed, AuthFailurePolicy, limit, _settings.WindowSeconds, remaining, reset);
    }

    private async ValueTask<(bool Allowed, int Remaining, long ResetMilliseconds)> AcquireAsync(string kind, string partition, string source, int limit, int units)
    {
        if (_settings.SharedInRedis && _redis.IsAvailable)
        {
            var segment = _segmentMilliseconds;
            var segments = _settings.Segments;
            var key = $"udc:{kind}:{partition}:{source}";
            var (ok, shared) = await _redis.RunAsync(db => RedisRateLimitScript.RunAsync(db, key, segment, segments, limit, units));
            if (ok)
            {
                return shared;
            }
        }
        return _local.Acquire(new PartitionKey(kind, partition, source), limit, units);
    }

    private void SweepBlocked()
    {
        var now = _local.NowMilliseconds;
        foreach (var (address, until) in _blocked)
        {
            if (until <= now)
            {
                Unblock(address);
            }
        }
    }

    private void Unblock(string address)
    {
        if (_blocked.TryRemove(address, out _))
        {
            Interlocked.Decrement(ref _blockedCount);
        }
    }
}
