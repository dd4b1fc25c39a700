using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Udc.Hosting;
using Udc.Webhooks;

namespace Udc.Jobs;

/// <summary>
/// Jobs: the vendors (<c>UDC_VENDORS</c>, each with <c>UDC_VENDOR_{NAME}_URL</c> and the rest), where async vendors are
/// told to call back (<c>UDC_PUBLIC_URL</c>), and the completion callbacks UDC sends (<c>UDC_JOBS_CALLBACK_SECRET</c>,
/// <c>UDC_JOBS_CALLBACK_HOSTS</c>). Every bad value of every vendor is named at once, like every other setting.
/// </summary>
internal sealed partial record JobSettings(
    FrozenDictionary<string, VendorSettings> Vendors,
    string? DefaultVendor,
    Uri PublicUrl,
    byte[]? CallbackKey,
    IReadOnlyList<string> CallbackHosts,
    int MaxPayloadBytes,
    int MaxAttempts,
    TimeSpan Retention)
{
    /// <summary>A week: long enough to look back at last week's failures, short enough that the table stays small.</summary>
    public const int DefaultRetentionHours = 7 * 24;

    /// <summary>64 KiB: a job's payload is a request to a vendor, not a data upload.</summary>
    public const int DefaultMaxPayloadBytes = 64 * 1024;

    public static JobSettings Read(SettingsReader reader, string urls)
    {
        var maxAttempts = reader.Int("UDC_JOBS_MAX_ATTEMPTS", 5, 1, 100);
        var vendors = new Dictionary<string, VendorSettings>(StringComparer.Ordinal);
        foreach (var name in HttpSettings.List(reader.String("UDC_VENDORS")))
        {
            if (!VendorName().IsMatch(name))
            {
                reader.Error($"UDC_VENDORS: '{name}' is not a vendor name (1 to 40 of a-z, 0-9, _ and -)");
                continue;
            }
            if (ReadVendor(reader, name, maxAttempts) is { } vendor && !vendors.TryAdd(name, vendor))
            {
                reader.Error($"UDC_VENDORS: '{name}' is named twice");
            }
        }
        var listen = HttpSettings.List(urls).FirstOrDefault() ?? "http://127.0.0.1:8000";
        var publicUrl = reader.Url("UDC_PUBLIC_URL", listen.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal))!;
        var callbackSecrets = HttpSettings.List(reader.Secret("UDC_JOBS_CALLBACK_SECRET"));
        var callbackKeys = WebhookSettings.SigningKeysOf(reader, "UDC_JOBS_CALLBACK_SECRET", callbackSecrets);
        return new JobSettings(vendors.ToFrozenDictionary(StringComparer.Ordinal), vendors.Keys.FirstOrDefault(), publicUrl,
            callbackKeys.FirstOrDefault(), HttpSettings.List(reader.String("UDC_JOBS_CALLBACK_HOSTS")),
            reader.Int("UDC_JOBS_MAX_PAYLOAD_BYTES", DefaultMaxPayloadBytes, 256, (int)HttpSettings.MaxRequestBodyBytes),
            maxAttempts,
            TimeSpan.FromHours(reader.Int("UDC_JOBS_RETENTION_HOURS", DefaultRetentionHours, 1, 10 * 365 * 24)));
    }

    private static VendorSettings? ReadVendor(SettingsReader reader, string name, int maxAttempts)
    {
        var prefix = $"UDC_VENDOR_{name.ToUpperInvariant().Replace('-', '_')}_";
        var url = reader.Url(prefix + "URL", null);
        if (url is null)
        {
            reader.Error($"{prefix}URL must be set: vendor '{name}' is listed in UDC_VENDORS");
        }
        var mode = reader.String(prefix + "MODE")?.ToLowerInvariant() switch
        {
            null or "sync" => VendorMode.Sync,
            "async" => VendorMode.Async,
            var other => Invalid(reader, $"{prefix}MODE must be sync or async, got '{other}'", VendorMode.Sync),
        };
        var keys = WebhookSettings.SigningKeysOf(reader, prefix + "SECRET", HttpSettings.List(reader.Secret(prefix + "SECRET")));
        if (mode == VendorMode.Async && keys.Count == 0)
        {
            reader.Error($"{prefix}SECRET must be set: an async vendor's callbacks are accepted only when signed");
        }
        var pii = reader.String(prefix + "PII")?.ToLowerInvariant() switch
        {
            null or "mask" => PiiPolicy.Mask,
            "hash" => PiiPolicy.Hash,
            "drop" => PiiPolicy.Drop,
            "off" => PiiPolicy.Off,
            var other => Invalid(reader, $"{prefix}PII must be mask, hash, drop or off, got '{other}'", PiiPolicy.Mask),
        };
        var vendor = new VendorSettings(name, url ?? new Uri("http://127.0.0.1/"), mode, keys,
            reader.Int(prefix + "RATE", 0, 0, 1_000_000),
            reader.Seconds(prefix + "TIMEOUT_SECONDS", TimeSpan.FromSeconds(30), 3600),
            reader.Seconds(prefix + "CALLBACK_TIMEOUT_SECONDS", TimeSpan.FromMinutes(5), 7 * 24 * 3600),
            pii,
            reader.Int(prefix + "MAX_ATTEMPTS", maxAttempts, 1, 100));
        return url is null ? null : vendor;
    }

    private static T Invalid<T>(SettingsReader reader, string message, T fallback)
    {
        reader.Error(message);
        return fallback;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,40}$")]
    private static partial Regex VendorName();
}
