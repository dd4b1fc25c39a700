using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;

namespace Udc.Access.Oidc;

/// <summary>
/// The issuer's signing keys, fetched from its JWKS through UDC's outbound client and kept by <c>kid</c>. A token
/// signed by a key not held yet (the issuer rotated) fetches the set again, at most once per
/// <see cref="MinRefetch"/>, so a flood of made-up <c>kid</c>s cannot turn into a flood of fetches; the set is
/// also fetched again after <see cref="MaxAge"/>.
/// </summary>
internal sealed partial class JsonWebKeys(IHttpClientFactory clients, OidcSettings settings, TimeProvider time, ILogger<JsonWebKeys> logger)
{
    public const string ClientName = "oidc";

    public static readonly TimeSpan MinRefetch = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    /// <summary>A JWKS is a few keys; 256 KiB refuses anything else early.</summary>
    private const int MaxBytes = 256 * 1024;

    private readonly SemaphoreSlim _fetch = new(1, 1);
    private FrozenDictionary<string, AsymmetricAlgorithm> _keys = FrozenDictionary<string, AsymmetricAlgorithm>.Empty;
    private long _fetchedAt;

    /// <summary>The key with <paramref name="kid"/>, fetching the set when it is not held; null when the issuer has none.</summary>
    public async ValueTask<AsymmetricAlgorithm?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        var keys = Volatile.Read(ref _keys);
        var fresh = _fetchedAt != 0 && time.GetElapsedTime(_fetchedAt) < MaxAge;
        if (fresh && keys.TryGetValue(kid, out var key))
        {
            return key;
        }
        await _fetch.WaitAsync(cancellationToken);
        try
        {
            keys = Volatile.Read(ref _keys);
            if (keys.TryGetValue(kid, out key) && _fetchedAt != 0 && time.GetElapsedTime(_fetchedAt) < MaxAge)
            {
                return key;
            }
            if (_fetchedAt == 0 || time.GetElapsedTime(_fetchedAt) >= MinRefetch)
            {
                await FetchAsync(cancellationToken);
            }
            return Volatile.Read(ref _keys).GetValueOrDefault(kid);
        }
        finally
        {
            _fetch.Release();
        }
    }

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await clients.CreateClient(ClientName).GetAsync(settings.JwksUrl, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                throw new InvalidDataException("the JWKS is larger than 256 KiB");
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            Volatile.Write(ref _keys, Parse(bytes));
            _fetchedAt = time.GetTimestamp();
        }
        catch (Exception e) when (e is HttpRequestException or InvalidDataException or JsonException or OperationCanceledException or CryptographicException or FormatException)
        {
            // The keys held stay in use: an issuer down for a moment does not lock every caller out.
            _fetchedAt = time.GetTimestamp();
            LogFetchFailed(logger, settings.JwksUrl!.ToString(), e.Message);
        }
    }

    /// <summary>RSA keys (n, e) and P-256 keys (x, y) meant for signing; others are skipped.</summary>
    public static FrozenDictionary<string, AsymmetricAlgorithm> Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var keys = new Dictionary<string, AsymmetricAlgorithm>(StringComparer.Ordinal);
        foreach (var key in document.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (Text(key, "kid") is not { } kid || Text(key, "use") is { } use && use != "sig")
            {
                continue;
            }
            switch (Text(key, "kty"))
            {
                case "RSA" when Text(key, "n") is { } n && Text(key, "e") is { } e:
                    keys[kid] = RSA.Create(new RSAParameters { Modulus = System.Buffers.Text.Base64Url.DecodeFromChars(n), Exponent = System.Buffers.Text.Base64Url.DecodeFromChars(e) });
                    break;
                case "EC" when Text(key, "crv") == "P-256" && Text(key, "x") is { } x && Text(key, "y") is { } y:
                    keys[kid] = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = System.Buffers.Text.Base64Url.DecodeFromChars(x), Y = System.Buffers.Text.Base64Url.DecodeFromChars(y) } });
                    break;
            }
        }
        return keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching the OIDC signing keys from {Url} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string url, string reason);
}
