using System.Collections.Frozen;
using System.Globalization;
using Udc.Hosting;

namespace Udc.RateLimiting;

/// <summary>
/// Requests allowed per caller and source in a sliding window. <c>RATE_LIMIT_PER_SOURCE</c> is a number
/// (every source), optionally followed by per-source overrides: <c>60,crm=120,analytics=30</c>; 0 turns the
/// limit off. Failed authentications have their own, stricter limit per client address.
/// </summary>
/// <param name="SharedInRedis"><c>RATE_LIMIT_SHARED</c>, default true: with Redis, one window for all replicas (a
/// Redis round trip per request); false keeps each replica's own windows and spares that round trip.</param>
/// <param name="QuotaUnits"><c>QUOTA_UNITS</c>: what each caller may spend per window on reads (see <see cref="Audit.ReadCharge"/>); 0, the default, is no quota.</param>
internal sealed record RateLimitSettings(int DefaultLimit, FrozenDictionary<string, int> PerSource, int WindowSeconds, int AuthFailureLimit, int MaxPartitions, bool SharedInRedis = true, int QuotaUnits = 0)
{
    /// <summary>The seed's defaults: 60 requests per source per 60 s.</summary>
    public const int DefaultPerSource = 60;

    public const int DefaultWindowSeconds = 60;

    /// <summary>10 failed keys a window per address stops guessing and leaves room for a typo or two.</summary>
    public const int DefaultAuthFailures = 10;

    /// <summary>100,000 partitions of ~0.5 KB bound the limiter's memory at ~50 MB whatever the traffic.</summary>
    public const int DefaultMaxPartitions = 100_000;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    /// <summary>At most 60 segments: a request leaves the window within a second (or window/60) of its age.</summary>
    public int Segments => Math.Clamp(WindowSeconds, 1, 60);

    public int LimitFor(string source) => PerSource.TryGetValue(source, out var limit) ? limit : DefaultLimit;

    public static RateLimitSettings Read(SettingsReader reader)
    {
        var perSource = new Dictionary<string, int>(StringComparer.Ordinal);
        var defaultLimit = DefaultPerSource;
        if (reader.String("RATE_LIMIT_PER_SOURCE") is { } text)
        {
            foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                var number = equals < 0 ? part : part[(equals + 1)..].Trim();
                if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit > 1_000_000_000)
                {
                    reader.Error($"RATE_LIMIT_PER_SOURCE must look like '60' or '60,crm=120' (whole numbers, 0 = no limit), got '{text}'");
                    break;
                }
                if (equals < 0)
                {
                    defaultLimit = limit;
                }
                else
                {
                    perSource[part[..equals].Trim()] = limit;
                }
            }
        }
        return new RateLimitSettings(
            defaultLimit,
            perSource.ToFrozenDictionary(StringComparer.Ordinal),
            reader.Int("RATE_LIMIT_WINDOW_SECONDS", DefaultWindowSeconds, 1, 86_400),
            reader.Int("RATE_LIMIT_AUTH_FAILURES", DefaultAuthFailures, 0, 1_000_000),
            reader.Int("RATE_LIMIT_MAX_PARTITIONS", DefaultMaxPartitions, 100, 10_000_000),
            reader.Bool("RATE_LIMIT_SHARED", true),
            reader.Int("QUOTA_UNITS", 0, 0, int.MaxValue));
    }
}
