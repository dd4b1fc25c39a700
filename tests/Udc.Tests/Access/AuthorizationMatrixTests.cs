using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Udc.Access;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>Every route against every kind of caller, with auth on: the status each one gets is the contract.</summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private UdcTestServer? _server;
    private readonly Dictionary<string, string?> _keys = [];

    private HttpClient Client => _server!.Client;

    public async ValueTask InitializeAsync()
    {
        // Failed attempts are not limited here: the matrix makes dozens on purpose.
        _server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("RATE_LIMIT_AUTH_FAILURES", "0")));
        var (_, valid) = await AccessFixture.CreateKeyAsync(Client, """{"name": "all sources"}""");
        var (_, wrongSource) = await AccessFixture.CreateKeyAsync(Client, """{"name": "support only", "sources": ["support"]}""");
        var (revokedId, revoked) = await AccessFixture.CreateKeyAsync(Client, """{"name": "revoked"}""");
        using (var response = await Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, $"/auth/api-keys/{revokedId}/revoke"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        // An expired key is written straight to the store: the API refuses an expiry in the past.
        var (expiredId, expired, hash) = ApiKeyFormat.Generate();
        var past = DateTimeOffset.UtcNow.AddDays(-2);
        _server.Services.GetRequiredService<ApiKeyStore>().Insert(new ApiKeyRecord(expiredId, "expired", hash, null, past, past.AddDays(1), null, null));
        _keys["none"] = null;
        _keys["bad"] = "udc_not-a-key";
        _keys["unknown"] = ApiKeyFormat.Generate().Plaintext;
        _keys["revoked"] = revoked;
        _keys["expired"] = expired;
        _keys["wrong_source"] = wrongSource;
        _keys["valid"] = valid;
        _keys["admin"] = AccessFixture.AdminKey;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public static TheoryData<string, string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, string, int>();
        string[] sourceRoutes = ["/data/crm", "/data/crm?stream=true", "/data/crm/aggregate?group_by=status", "/data/crm/1"];
        foreach (var route in sourceRoutes)
        {
            Add(data, "GET", route, none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 403, valid: 200, admin: 401);
        }
        // Sources and their columns are read by the admin too: the key form sets policies per column.
        Add(data, "GET", "/sources/crm", none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 403, valid: 200, admin: 200);
        Add(data, "GET", "/sources", none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 200, valid: 200, admin: 200);
        Add(data, "GET", "/auth/api-keys", none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 401, valid: 401, admin: 200);
        Add(data, "POST", "/auth/api-keys", none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 401, valid: 401, admin: 201);
        Add(data, "POST", "/auth/api-keys/{new}/revoke", none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 401, valid: 401, admin: 204);
        Add(data, "POST", "/cache/invalidate?source=crm", none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 401, valid: 401, admin: 200);
        Add(data, "GET", "/webhooks/events", none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 401, valid: 401, admin: 200);
        // Webhooks authenticate by signature only: no key of any kind stands in for one.
        Add(data, "POST", "/webhooks/events", none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 401, valid: 401, admin: 401);
        // The summary names sources and the data folder: a key of either kind, but not anonymous.
        Add(data, "GET", "/health/summary", none: 401, bad: 401, unknown: 401, revoked: 401, expired: 401, wrongSource: 200, valid: 200, admin: 200);
        foreach (var route in new[] { "/health/live", "/health/ready", "/openapi.json" })
        {
            Add(data, "GET", route, none: 200, bad: 200, unknown: 200, revoked: 200, expired: 200, wrongSource: 200, valid: 200, admin: 200);
        }
        return data;
    }

    private static void Add(TheoryData<string, string, string, int> data, string method, string route, int none, int bad, int unknown, int revoked, int expired, int wrongSource, int valid, int admin)
    {
        data.Add(method, route, "none", none);
        data.Add(method, route, "bad", bad);
        data.Add(method, route, "unknown", unknown);
        data.Add(method, route, "revoked", revoked);
        data.Add(method, route, "expired", expired);
        data.Add(method, route, "wrong_source", wrongSource);
        data.Add(method, route, "valid", valid);
        data.Add(method, route, "admin", admin);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Route_Caller_GetsDocumentedStatus(string method, string route, string caller, int expected)
    {
        if (route.Contains("{new}", StringComparison.Ordinal))
        {
            route = route.Replace("{new}", (await AccessFixture.CreateKeyAsync(Client)).Id, StringComparison.Ordinal);
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), route);
        if (method == "POST")
        {
            request.Content = new StringContent(route.StartsWith("/webhooks", StringComparison.Ordinal) ? AccessFixture.UpsertCustomer(1, "x") : """{"name": "made by the matrix"}""", System.Text.Encoding.UTF8, "application/json");
        }
        if (_keys[caller] is { } key)
        {
            // The admin key goes in its own header; every other key in X-API-Key.
            request.Headers.Add(caller == "admin" ? "X-Admin-Key" : "X-API-Key", key);
        }
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(expected, (int)response.StatusCode);
        if (expected is 401 or 403)
        {
            using var body = await AccessFixture.JsonAsync(response);
            Assert.Equal(expected == 403 ? "AUTH_SOURCE_FORBIDDEN" : method == "POST" && route.StartsWith("/webhooks", StringComparison.Ordinal) ? "WEBHOOK_INVALID_SIGNATURE" : "AUTH_INVALID_API_KEY", AccessFixture.ErrorCode(body));
        }
    }

    [Fact]
    public async Task BadKeys_AllKinds_GetTheSameBody()
    {
        var bodies = new HashSet<string>();
        foreach (var caller in new[] { "none", "bad", "unknown", "revoked", "expired" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/data/crm");
            if (_keys[caller] is { } key)
            {
                request.Headers.Add("X-API-Key", key);
            }
            using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
            bodies.Add(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        Assert.Single(bodies);
    }

    [Fact]
    public async Task BearerHeader_ValidKey_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/crm");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _keys["valid"]);
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/data/crm?api_key={key}")]
    [InlineData("/sources?access_token={key}")]
    public async Task KeyInQueryString_EvenValid_IsRefused(string route)
    {
        using var response = await Client.GetAsync(route.Replace("{key}", _keys["valid"], StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = await AccessFixture.JsonAsync(response);
        Assert.Contains("query string", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task SourceList_RestrictedKey_ListsOnlyItsSources()
    {
        using var response = await Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/sources", _keys["wrong_source"]!), TestContext.Current.CancellationToken);
        using var body = await AccessFixture.JsonAsync(response);
        Assert.Equal(["support"], body.RootElement.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task RestrictedKey_UnknownSource_Is403NotAListOfSources()
    {
        using var response = await Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/secret_payroll", _keys["wrong_source"]!), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("crm", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
