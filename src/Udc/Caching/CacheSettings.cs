using Udc.Hosting;

namespace Udc.Caching;

/// <param name="Enabled"><c>CACHE_ENABLED</c>, default true. Off, responses still carry an ETag and honour 304.</param>
/// <param name="Ttl"><c>CACHE_TTL_SECONDS</c>, default 60: responses say how fresh their data is ("just now",
/// "2 hours ago"), so a cached body is kept no longer than that text stays true.</param>
/// <param name="MaxBytes"><c>CACHE_MAX_MB</c>, default 64: the memory tier's budget; the oldest entries go first.</param>
internal sealed record CacheSettings(bool Enabled, TimeSpan Ttl, long MaxBytes)
{
    /// <summary>A body over 1 MiB is cheaper to recompute than to keep many of; it is not cached.</summary>
    public const int MaxEntryBytes = 1024 * 1024;

    public static CacheSettings Read(SettingsReader reader) => new(
        reader.Bool("CACHE_ENABLED", true),
        TimeSpan.FromSeconds(reader.Int("CACHE_TTL_SECONDS", 60, 1, 86_400)),
        reader.Int("CACHE_MAX_MB", 64, 1, 65_536) * 1024L * 1024L);
}
