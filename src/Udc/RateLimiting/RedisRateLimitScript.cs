using StackExchange.Redis;

namespace Udc.RateLimiting;

/// <summary>
/// The sliding window of <see cref="SlidingWindowCounter"/> as one Lua script, so the check and the count
/// are atomic across replicas and cost one round trip. Time comes from the Redis server, so replicas with
/// skewed clocks still share one window. Returns {allowed, remaining, reset_ms}.
/// </summary>
internal static class RedisRateLimitScript
{
    public const string Source = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local segment_ms = tonumber(ARGV[1])
        local segments = tonumber(ARGV[2])
        local limit = tonumber(ARGV[3])
        local units = tonumber(ARGV[4])
        local current = math.floor(now / segment_ms)
        local oldest = current - segments + 1
        local fields = redis.call('HGETALL', KEYS[1])
        local total = 0
        local first = nil
        for i = 1, #fields, 2 do
          local segment = tonumber(fields[i])
          if segment < oldest then
            redis.call('HDEL', KEYS[1], fields[i])
          else
            total = total + tonumber(fields[i + 1])
            if first == nil or segment < first then first = segment end
          end
        end
        local allowed = 0
        if total < limit then
          allowed = 1
          if units > 0 then
            redis.call('HINCRBY', KEYS[1], current, units)
            redis.call('PEXPIRE', KEYS[1], segment_ms * segments)
            total = total + units
            if first == nil then first = current end
          end
        end
        local reset = 0
        if first ~= nil then reset = (first + segments) * segment_ms - now end
        local remaining = limit - total
        if remaining < 0 then remaining = 0 end
        return {allowed, remaining, reset}
        """;

    /// <param name="units">What the request counts for (1, or a read's charge); 0 only looks.</param>
    public static async Task<(bool Allowed, int Remaining, long ResetMilliseconds)> RunAsync(IDatabase db, string key, long segmentMilliseconds, int segments, int limit, int units)
    {
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(Source, [key], [segmentMilliseconds, segments, limit, units]))!;
        return ((long)result[0] == 1, (int)(long)result[1], (long)result[2]);
    }
}
