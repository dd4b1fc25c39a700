using System.Text;
using Udc.Hosting;

namespace Udc.Webhooks;

/// <summary>
/// <c>WEBHOOK_SECRET</c>: one or more secrets separated by spaces or commas (several during a rotation), each
/// <c>whsec_</c> + base64 as Standard Webhooks issues them, or plain text. <c>WEBHOOK_ALLOW_LEGACY_SECRET</c>
/// (default false) also accepts the seed's <c>X-Webhook-Secret</c> header carrying a secret verbatim.
/// </summary>
internal sealed record WebhookSettings(IReadOnlyList<string> Secrets, IReadOnlyList<byte[]> SigningKeys, bool AllowLegacySecret, int MaxBodyBytes)
{
    /// <summary>Standard Webhooks' tolerance: a signed request older or newer than 5 minutes is a replay.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Shorter secrets are guessable; Standard Webhooks issues 24 to 64 random bytes.</summary>
    public const int MinSecretBytes = 16;

    public bool Enabled => SigningKeys.Count > 0;

    public static WebhookSettings Read(SettingsReader reader)
    {
        var secrets = HttpSettings.List(reader.String("WEBHOOK_SECRET"));
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
                    reader.Error("WEBHOOK_SECRET: a secret starting with 'whsec_' must continue in base64");
                    continue;
                }
            }
            else
            {
                key = Encoding.UTF8.GetBytes(secret);
            }
            if (key.Length < MinSecretBytes)
            {
                reader.Error($"WEBHOOK_SECRET: each secret must be at least {MinSecretBytes} bytes");
                continue;
            }
            keys.Add(key);
        }
        return new WebhookSettings(secrets, keys, reader.Bool("WEBHOOK_ALLOW_LEGACY_SECRET", false),
            reader.Int("WEBHOOK_MAX_BODY_BYTES", 256 * 1024, 1024, (int)HttpSettings.MaxRequestBodyBytes));
    }
}
