using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Udc.Webhooks;

/// <summary>
/// Standard Webhooks verification: <c>webhook-signature</c> holds one or more <c>v1,{base64}</c> entries, each
/// an HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>; any entry matching any configured secret
/// passes (that is how secrets rotate). Comparisons are constant-time; the timestamp must be within 5 minutes.
/// </summary>
internal static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string LegacyHeader = "X-Webhook-Secret";

    /// <summary>Ids are the sender's message ids (<c>msg_...</c>); 256 characters is generous.</summary>
    public const int MaxIdLength = 256;

    public static SignatureCheck Verify(string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return SignatureCheck.Missing;
        }
        if (!IsValidId(id))
        {
            return SignatureCheck.Invalid;
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)WebhookSettings.Tolerance.TotalSeconds)
        {
            return SignatureCheck.Expired;
        }
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var valid = false;
        foreach (var key in keys)
        {
            HMACSHA256.HashData(key, signed, expected);
            foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!entry.StartsWith("v1,", StringComparison.Ordinal)
                    || !Convert.TryFromBase64String(entry[3..], presented, out var written) || written != presented.Length)
                {
                    continue;
                }
                // Every pair is compared, match or not, so time does not say which secret or entry matched.
                valid |= CryptographicOperations.FixedTimeEquals(expected, presented);
            }
        }
        return valid ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    /// <summary>The seed's shared-secret header, compared in constant time with each configured secret.</summary>
    public static bool VerifyLegacy(string? presented, IReadOnlyList<string> secrets)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }
        // Both sides hashed first: constant-time over a fixed length, whatever the lengths given.
        Span<byte> left = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> right = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), left);
        var valid = false;
        foreach (var secret in secrets)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(secret), right);
            valid |= CryptographicOperations.FixedTimeEquals(left, right);
        }
        return valid;
    }

    /// <summary>The header value a sender would compute: for tests and for documentation.</summary>
    public static string Sign(string id, long timestamp, ReadOnlySpan<byte> body, byte[] key)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>What a sender is told when its signature is refused.</summary>
    public static string Describe(SignatureCheck check) => check switch
    {
        SignatureCheck.Missing => "The webhook-id, webhook-timestamp and webhook-signature headers are required (Standard Webhooks).",
        SignatureCheck.Expired => "The webhook-timestamp is not within 5 minutes of the server's clock.",
        _ => "The webhook signature does not match.",
    };

    public static bool IsValidId(string id)
    {
        if (id.Length > MaxIdLength)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (c < 0x21 || c > 0x7E)
            {
                return false;
            }
        }
        return true;
    }
}

internal enum SignatureCheck
{
    Valid,
    Missing,
    Expired,
    Invalid,
}
