using Udc.Access;
using Udc.Caching;
using Udc.RateLimiting;
using Udc.Redis;
using Udc.Webhooks;

namespace Udc.Hosting;

/// <summary>Every setting UDC reads from the environment, grouped by the part of UDC it governs.</summary>
internal sealed record UdcSettings(
    AccessSettings Access,
    RateLimitSettings RateLimits,
    CacheSettings Cache,
    RedisSettings Redis,
    WebhookSettings Webhooks,
    HttpSettings Http,
    string DatabasePath)
{
    public const string DatabaseVariable = "UDC_DATABASE";

    /// <summary>Reads every group; throws <see cref="SettingsException"/> listing every invalid variable at once.</summary>
    public static UdcSettings Read(Func<string, string?> lookup, string dataDirectory)
    {
        var reader = new SettingsReader(lookup);
        var settings = new UdcSettings(
            AccessSettings.Read(reader),
            RateLimitSettings.Read(reader),
            CacheSettings.Read(reader),
            RedisSettings.Read(reader),
            WebhookSettings.Read(reader),
            HttpSettings.Read(reader),
            // Beside the data, in a folder the data watcher does not look into.
            reader.String(DatabaseVariable) ?? Path.Combine(dataDirectory, ".udc", "udc.db"));
        return reader.Errors.Count == 0 ? settings : throw new SettingsException(reader.Errors);
    }
}

