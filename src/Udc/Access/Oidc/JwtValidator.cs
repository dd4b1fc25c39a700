using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Udc.Access.Oidc;

/// <summary>
/// Checks a compact JWS the way RFC 8725 asks: the algorithm is one UDC accepts (RS256, ES256; never <c>none</c> or
/// an HMAC, which would let a public key be used as a shared secret), the signature verifies with the issuer's key
/// named by <c>kid</c>, and <c>iss</c>, <c>aud</c>, <c>exp</c> and <c>nbf</c> hold. Only System.Security.Cryptography
/// and JsonDocument: nothing here needs reflection, so it stays AOT-clean.
/// </summary>
internal sealed class JwtValidator(JsonWebKeys keys, OidcSettings settings, TimeProvider time)
{
    /// <summary>A token is a few KiB at most; 16 KiB refuses junk before any decoding.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>The token's claims, or why it is refused (said to the log, never to the caller: one message for every bad token).</summary>
    public async ValueTask<(JsonElement? Claims, string? Problem)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > MaxLength)
        {
            return (null, "token too long");
        }
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return (null, "not a compact JWS");
        }
        JsonElement header, payload;
        byte[] signature;
        try
        {
            header = Decode(parts[0]);
            payload = Decode(parts[1]);
            signature = System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return (null, "malformed token");
        }
        var alg = Text(header, "alg");
        if (alg is not ("RS256" or "ES256") || Text(header, "kid") is not { } kid)
        {
            return (null, $"algorithm '{alg}' or key id not accepted");
        }
        var key = await keys.FindAsync(kid, cancellationToken);
        var signed = Encoding.ASCII.GetBytes(string.Concat(parts[0], ".", parts[1]));
        var valid = (alg, key) switch
        {
            ("RS256", RSA rsa) => rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ("ES256", ECDsa ec) => ec.VerifyData(signed, signature, HashAlgorithmName.SHA256),
            _ => false,
        };
        if (!valid)
        {
            return (null, key is null ? "unknown signing key" : "bad signature");
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)settings.ClockSkew.TotalSeconds;
        if (Text(payload, "iss") != settings.Issuer)
        {
            return (null, "wrong issuer");
        }
        if (!HasAudience(payload, settings.Audience!))
        {
            return (null, "wrong audience");
        }
        if (Number(payload, "exp") is not { } exp || exp + skew <= now)
        {
            return (null, "expired");
        }
        if (Number(payload, "nbf") is { } nbf && nbf - skew > now)
        {
            return (null, "not yet valid");
        }
        return (payload, null);
    }

    private static JsonElement Decode(string part)
    {
        using var document = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(part));
        return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : throw new FormatException("not a JSON object");
    }

    private static bool HasAudience(JsonElement payload, string audience) =>
        payload.TryGetProperty("aud", out var aud) && (aud.ValueKind == JsonValueKind.String
            ? aud.GetString() == audience
            : aud.ValueKind == JsonValueKind.Array && aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == audience));

    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
