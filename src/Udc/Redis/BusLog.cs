using StackExchange.Redis;

namespace Udc.Redis;

/// <summary>
/// The replay log: a Redis Stream holding the last messages sent on the bus (acknowledgements excepted), so a
/// replica that was cut off reads what it missed. Each entry is <c>m</c> (the message's JSON) and <c>p</c> (the
/// id of the entry before it), which lets a reader tell whether it has seen every message in between.
/// </summary>
internal static class BusLog
{
    public static readonly RedisKey Key = "udc:bus:log";

    /// <summary>
    /// About 10,000 entries (<c>MAXLEN ~</c> trims in whole blocks, so a few more stay): at one admin action or
    /// webhook a second, nearly three hours of messages, which a replica cut off for that long still replays;
    /// at the usual size of a message (under 1 KiB), about 10 MB of Redis memory.
    /// </summary>
    public const int MaxLength = 10_000;

    /// <summary>
    /// Appends and publishes in one step, so no replica can see the message live before it is in the log. The
    /// live copy gets the entry's id and its predecessor's, spliced into the JSON object (it always ends in
    /// <c>}</c>), so the sender needs no second round trip. Returns {id, receivers}.
    /// </summary>
    private const string AppendScript = """
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        local previous = '0-0'
        if #last > 0 then previous = last[1][1] end
        local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'm', ARGV[1], 'p', previous)
        local live = string.sub(ARGV[1], 1, -2) .. ',"log_id":"' .. id .. '","log_previous_id":"' .. previous .. '"}'
        return {id, redis.call('PUBLISH', ARGV[3], live)}
        """;

    /// <summary>Appends the message and publishes it; returns how many subscribers received it, this replica included.</summary>
    public static async Task<long> AppendAsync(IDatabase db, RedisChannel channel, byte[] payload)
    {
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(AppendScript, [Key], [payload, MaxLength, channel.ToString()]))!;
        return (long)result[1];
    }

    /// <summary>Only the id crosses the network, not the entry, which may be a large webhook.</summary>
    private const string LastIdScript = """
        local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if #last > 0 then return last[1][1] end
        return '0-0'
        """;

    /// <summary>The newest entry's id; <see cref="BusLogId.Zero"/> when the log is empty or missing.</summary>
    public static async Task<BusLogId> LastIdAsync(IDatabase db)
    {
        var last = await db.ScriptEvaluateAsync(LastIdScript, [Key]);
        return BusLogId.TryParse((string?)last, out var id) ? id : BusLogId.Zero;
    }

    /// <summary>Up to <paramref name="count"/> entries after <paramref name="after"/>, oldest first.</summary>
    public static Task<StreamEntry[]> ReadAfterAsync(IDatabase db, BusLogId after, int count) =>
        db.StreamRangeAsync(Key, after.Next.ToString(), "+", count, Order.Ascending);
}
