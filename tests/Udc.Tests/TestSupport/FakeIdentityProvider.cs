using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Udc.Tests.TestSupport;

/// <summary>
/// An OIDC issuer on 127.0.0.1: serves its JWKS (RFC 7517) at <c>/jwks</c> and signs compact JWS tokens (RFC 7515)
/// with RS256 or ES256. <see cref="Rotate"/> replaces the RSA key with a new <c>kid</c>, as a provider's rotation does.
/// </summary>
internal sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string Issuer = "https://idp.test";
    public const string Audience = "udc-api";

    private readonly WebApplication _app;
    private RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private int _generation = 1;

    private FakeIdentityProvider(WebApplication app) => _app = app;

    public Uri JwksUrl { get; private set; } = null!;

    public int JwksFetches { get; private set; }

    public string RsaKid => $"rsa-{_generation}";

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        FakeIdentityProvider? provider = null;
        var (_, baseAddress) = await LoopbackApp.StartAsync(app =>
        {
            provider = new FakeIdentityProvider(app);
            app.Run(provider.ServeAsync);
        });
        provider!.JwksUrl = new Uri(baseAddress, "/jwks");
        return provider;
    }

    /// <summary>The settings that point UDC at this issuer.</summary>
    public (string, string)[] Settings(string policies) =>
        [("OIDC_ISSUER", Issuer), ("OIDC_AUDIENCE", Audience), ("OIDC_JWKS_URL", JwksUrl.ToString()), ("OIDC_POLICIES", policies)];

    public void Rotate()
    {
        _rsa = RSA.Create(2048);
        _generation++;
    }

    /// <summary>A token with the given claims (iss, aud and exp filled in unless given), signed with the current key.</summary>
    public string Sign(Dictionary<string, object> claims, string alg = "RS256", RSA? otherKey = null, string? kid = null)
    {
        claims.TryAdd("iss", Issuer);
        claims.TryAdd("aud", Audience);
        claims.TryAdd("exp", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        var header = $$"""{"alg":"{{alg}}","typ":"JWT","kid":"{{kid ?? (alg == "ES256" ? "ec-1" : RsaKid)}}"}""";
        var payload = Json(claims);
        var signingInput = Encode(Encoding.UTF8.GetBytes(header)) + "." + Encode(Encoding.UTF8.GetBytes(payload));
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = alg == "ES256"
            ? _ec.SignData(data, HashAlgorithmName.SHA256)
            : (otherKey ?? _rsa).SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Encode(signature);
    }

    private static string Json(Dictionary<string, object> claims)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in claims)
            {
                switch (value)
                {
                    case string text:
                        writer.WriteString(name, text);
                        break;
                    case long or int:
                        writer.WriteNumber(name, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case string[] items:
                        writer.WriteStartArray(name);
                        foreach (var item in items)
                        {
                            writer.WriteStringValue(item);
                        }
                        writer.WriteEndArray();
                        break;
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private Task ServeAsync(HttpContext context)
    {
        JwksFetches++;
        var rsa = _rsa.ExportParameters(false);
        var ec = _ec.ExportParameters(false);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""
            {"keys":[
              {"kty":"RSA","use":"sig","alg":"RS256","kid":"{{RsaKid}}","n":"{{Encode(rsa.Modulus!)}}","e":"{{Encode(rsa.Exponent!)}}"},
              {"kty":"EC","use":"sig","alg":"ES256","crv":"P-256","kid":"ec-1","x":"{{Encode(ec.Q.X!)}}","y":"{{Encode(ec.Q.Y!)}}"}
            ]}
            """);
    }

    private static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
        _ec.Dispose();
    }
}
