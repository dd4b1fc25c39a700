using System.Text;
using Udc.Hosting;

namespace Udc.Webhooks;

/// <summary>
/// <c>WEBHOOK_SECRET</c>: one or more secrets separated by spaces or commas (several during a rotation), each
/// <c>whsec_</c> + base64 as Standard Webhooks issues them, or plain text. <c>WEBHOOK_ALLOW_LEGACY_SECRET</c>
/// (default false) also accepts the seed's <c>X-Webhook-Secret</c> header carrying a secret verbatim.
/// <c>WEBHOOK_RETENTION_DAYS</c> is how long an applied event is kept (see <see cref="WebhookPruner"/>).
/// </summary>
internal sealed record WebhookSettings(IReadOnlyList<string> Secrets, IReadOnlyList<byte[]> SigningKeys, bool AllowLegacySecret, int MaxBodyBytes, TimeSpan Retention)
{
    /// <summary>Standard Webhooks' tolerance: a signed request older or newer than 5 minutes is a replay.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Shorter secrets are guessable; Standard Webhooks issues 24 to 64 random bytes.</summary>
    public const int MinSecretBytes = 16;

    /// <summary>
    /// A stored event's webhook id is what turns a redelivery into a duplicate, so it must outlive every delivery
    /// of one message: a replayed signed request passes the check up to 2 x <see cref="Tolerance"/> (10 minutes)
    /// after the first arrival, and Standard Webhooks senders retry with the same id for about a day (Svix: 8
    /// attempts over about 28 hours). 2 days clears both.
    /// </summary>
    public const int MinRetentionDays = 2;

    /// <summary>A week also covers a delivery resent by hand from the sender's dashboard days later.</summary>
    public const int DefaultRetentionDays = 7;

    /// <summary>Ten years: in effect, keep every event.</summary>
    public const int MaxRetentionDays = 3650;

    public bool Enabled => SigningKeys.Count > 0;

    public static WebhookSettings Read(SettingsReader reader)
    {
        var secrets = HttpSettings.List(reader.String("WEBHOOK_SECRET"));
        var keys = SigningKeysOf(reader, "WEBHOOK_SECRET", secrets);
        return new WebhookSettings(secrets, keys, reader.Bool("WEBHOOK_ALLOW_LEGACY_SECRET", false),
            reader.Int("WEBHOOK_MAX_BODY_BYTES", 256 * 1024, 1024, (int)HttpSettings.MaxRequestBodyBytes),
            TimeSpan.FromDays(reader.Int("WEBHOOK_RETENTION_DAYS", DefaultRetentionDays, MinRetentionDays, MaxRetentionDays)));
    }

    /// <summary>
    /// The keys of Standard Webhooks secrets (<c>whsec_</c> + base64, or plain text), each at least
    /// <see cref="MinSecretBytes"/>; every bad one is an error naming <paramref name="setting"/>. Incoming webhooks and
    /// each vendor's callbacks read their secrets this one way.
    /// </summary>
    public static List<byte[]> SigningKeysOf(SettingsReader reader, string setting, IReadOnlyList<string> secrets)
    {
        var keys = new List<byte[]>();
        foreach (var secret in secrets)
        {
            byte[] key;
            if (secret.StartsWith("whsec_", StringComparison.Ordinal))
            {
                try
                {
                    key = Convert.FromBase64String(secret["whsec_".Length..]);
                }
                catch (FormatException)
                {
                    reader.Error($"{setting}: a secret starting with 'whsec_' must continue in base64");
                    continue;
                }
            }
            else
            {
                key = Encoding.UTF8.GetBytes(secret);
            }
            if (key.Length < MinSecretBytes)
            {
                reader.Error($"{setting}: each secret must be at least {MinSecretBytes} bytes");
                continue;
            }
            keys.Add(key);
        }
        return keys;
    }
}
