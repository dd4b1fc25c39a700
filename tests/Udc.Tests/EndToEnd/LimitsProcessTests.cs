using System.Net;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>Kestrel limits, client addresses and keep-alive connections, which only a real socket shows.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class LimitsProcessTests : IAsyncLifetime
{
    private string _dataDirectory = "";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("udc-limits-").FullName;
        DemoDataGenerator.Write(_dataDirectory, new DemoDataOptions());
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static async Task<HttpStatusCode> GetAsync(UdcProcess udc, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/crm");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await udc.Client.SendAsync(request, Token);
        return response.StatusCode;
    }

    [Fact]
    public async Task ForwardedFor_FromUntrustedPeer_IsIgnored()
    {
        await using var udc = await UdcProcess.StartAsync(_dataDirectory, AccessFixture.Settings(("AUTH_ENABLED", "false"), ("RATE_LIMIT_PER_SOURCE", "2"), ("UDC_DATABASE", Path.Combine(_dataDirectory, "a.db"))));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(udc, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(udc, "203.0.113.2"));
        // A client cannot buy a fresh quota by making up an address.
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(udc, "203.0.113.3"));
    }

    [Fact]
    public async Task ForwardedFor_FromTrustedProxy_PartitionsByClient()
    {
        await using var udc = await UdcProcess.StartAsync(_dataDirectory, AccessFixture.Settings(("AUTH_ENABLED", "false"), ("RATE_LIMIT_PER_SOURCE", "2"), ("TRUSTED_PROXIES", "127.0.0.1"), ("UDC_DATABASE", Path.Combine(_dataDirectory, "b.db"))));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(udc, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(udc, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(udc, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(udc, "203.0.113.2"));
    }

    [Fact]
    public async Task OversizedHeaders_AreRefused_NotServed()
    {
        await using var udc = await UdcProcess.StartAsync(_dataDirectory, AccessFixture.Settings(("AUTH_ENABLED", "false"), ("UDC_DATABASE", Path.Combine(_dataDirectory, "c.db"))));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/crm");
        request.Headers.Add("X-Padding", new string('x', 40 * 1024));
        using var response = await udc.Client.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    /// <summary>A key is proven once per keep-alive connection (its hash is not recomputed); everything else is checked on every request.</summary>
    [Fact]
    public async Task OneConnection_ProvenKey_OtherKeysCheckedAndRevocationHoldsAtOnce()
    {
        await using var udc = await UdcProcess.StartAsync(_dataDirectory, AccessFixture.Settings(("UDC_DATABASE", Path.Combine(_dataDirectory, "keys.db"))));
        // One connection for every request below, admin calls included.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        using var client = new HttpClient(handler) { BaseAddress = udc.BaseAddress };
        var (id, key) = await AccessFixture.CreateKeyAsync(client);
        var (_, other) = await AccessFixture.CreateKeyAsync(client, """{"name": "support only", "sources": ["support"]}""");
        var forged = key[..^4] + (key[^4..] == "AAAA" ? "BBBB" : "AAAA");

        Assert.Equal(HttpStatusCode.OK, await GetWithKeyAsync(client, "/data/crm", key));
        Assert.Equal(HttpStatusCode.OK, await GetWithKeyAsync(client, "/data/crm", key));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithKeyAsync(client, "/data/crm", forged));
        // Another key on the same connection is its own caller, with its own allow-list.
        Assert.Equal(HttpStatusCode.Forbidden, await GetWithKeyAsync(client, "/data/crm", other));
        Assert.Equal(HttpStatusCode.OK, await GetWithKeyAsync(client, "/data/crm", key));
        using (var revoke = await client.SendAsync(AccessFixture.Admin(HttpMethod.Post, $"/auth/api-keys/{id}/revoke"), Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithKeyAsync(client, "/data/crm", key));
    }

    private static async Task<HttpStatusCode> GetWithKeyAsync(HttpClient client, string url, string key)
    {
        using var response = await client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, url, key), Token);
        return response.StatusCode;
    }
}
