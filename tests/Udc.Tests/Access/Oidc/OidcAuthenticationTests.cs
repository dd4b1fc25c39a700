using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Udc.Tests.Access;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access.Oidc;

/// <summary>
/// Bearer JWTs from an issuer on loopback: valid RS256 and ES256 tokens read what their rule allows; expired, wrong
/// audience, wrong issuer, wrong key, <c>alg: none</c> and unmatched tokens are all one 401; a rotated key is fetched.
/// </summary>
public sealed class OidcAuthenticationTests : IAsyncLifetime
{
    private const string Policies = """
        {"claim": "groups", "tenant_claim": "tenant",
         "rules": [
           {"when": "analysts", "sources": ["orders"], "column_policies": {"orders": {"email": "mask"}}},
           {"when": "everyone"}
         ]}
        """;

    private readonly TempDataDirectory _data = new();
    private FakeIdentityProvider _idp = null!;
    private UdcTestServer _server = null!;

    /// <summary>Starts at the real time (tokens carry real times) and moves only when a test says so.</summary>
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _data.Write("orders.json", PolicyMatrixFixture.Orders);
        _idp = await FakeIdentityProvider.StartAsync();
        _server = await UdcTestServer.StartAsync(_data.Path, AccessFixture.Settings([("TENANT_COLUMN", "tenant_id"), ("RATE_LIMIT_AUTH_FAILURES", "0"), .. _idp.Settings(Policies)]), _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _idp.DisposeAsync();
        _data.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await _server.Client.SendAsync(request, Token);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone());
    }

    [Fact]
    public async Task Rs256Token_AnalystWithTenant_RowsOfItsTenantEmailMasked()
    {
        var token = _idp.Sign(new() { ["sub"] = "alice", ["groups"] = new[] { "analysts" }, ["tenant"] = "2" });

        var (status, json) = await GetAsync("/data/orders?sort=order_id", token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([3, 5], json.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("order_id").GetInt32()));
        Assert.All(json.GetProperty("data").EnumerateArray(), r => Assert.Equal("****", r.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task Es256Token_Everyone_ReadsAllRows()
    {
        var token = _idp.Sign(new() { ["sub"] = "bob", ["groups"] = new[] { "everyone" } }, alg: "ES256");

        var (status, json) = await GetAsync("/data/orders", token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(6, json.GetProperty("metadata").GetProperty("total_results").GetInt32());
    }

    [Fact]
    public async Task Token_AnalystOutsideItsSources_403()
    {
        _data.Write("other.json", """[{"id": 1}]""");
        var token = _idp.Sign(new() { ["sub"] = "alice", ["groups"] = new[] { "analysts" } });

        var (status, json) = await GetAsync("/sources/other", token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("AUTH_SOURCE_FORBIDDEN", json.GetProperty("error").GetProperty("code").GetString());
    }

    public static TheoryData<string> BadTokens() => ["expired", "wrong_audience", "wrong_issuer", "wrong_key", "alg_none", "no_rule", "not_yet_valid", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Token_Bad_401WithTheOneMessage(string kind)
    {
        using var otherKey = RSA.Create(2048);
        Dictionary<string, object> Claims() => new() { ["sub"] = "mallory", ["groups"] = new[] { "everyone" } };
        var token = kind switch
        {
            "expired" => _idp.Sign(new() { ["sub"] = "m", ["groups"] = new[] { "everyone" }, ["exp"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds() }),
            "wrong_audience" => _idp.Sign(new() { ["sub"] = "m", ["groups"] = new[] { "everyone" }, ["aud"] = "someone-else" }),
            "wrong_issuer" => _idp.Sign(new() { ["sub"] = "m", ["groups"] = new[] { "everyone" }, ["iss"] = "https://evil.test" }),
            "wrong_key" => _idp.Sign(Claims(), otherKey: otherKey),
            "alg_none" => AlgNone(_idp.Sign(Claims())),
            "no_rule" => _idp.Sign(new() { ["sub"] = "m", ["groups"] = new[] { "strangers" } }),
            "not_yet_valid" => _idp.Sign(new() { ["sub"] = "m", ["groups"] = new[] { "everyone" }, ["nbf"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds() }),
            _ => "a.b.c",
        };

        var (status, json) = await GetAsync("/data/orders", token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AUTH_INVALID_API_KEY", json.GetProperty("error").GetProperty("code").GetString());
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature: the attack RFC 8725 names first.</summary>
    private static string AlgNone(string token)
    {
        var payload = token.Split('.')[1];
        return System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"none","kid":"rsa-1"}"""u8) + "." + payload + ".";
    }

    [Fact]
    public async Task RotatedKey_NewKidFetchedAgainAndAccepted_OldKeyRefused()
    {
        var before = _idp.Sign(new() { ["sub"] = "carol", ["groups"] = new[] { "everyone" } });
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/data/orders", before)).Status);
        var fetches = _idp.JwksFetches;
        _idp.Rotate();
        var after = _idp.Sign(new() { ["sub"] = "carol", ["groups"] = new[] { "everyone" } });

        // Within 30 s of the last fetch an unknown kid does not fetch again: a flood of made-up kids costs nothing.
        var (early, _) = await GetAsync("/data/orders", after);
        _time.Advance(TimeSpan.FromSeconds(31));
        var (late, _) = await GetAsync("/data/orders", after);
        var (old, _) = await GetAsync("/data/orders", before);

        Assert.Equal(HttpStatusCode.Unauthorized, early);
        Assert.Equal(HttpStatusCode.OK, late);
        Assert.Equal(fetches + 1, _idp.JwksFetches);
        Assert.Equal(HttpStatusCode.Unauthorized, old);
    }
}
