using System.Net;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// A client key proven once per keep-alive connection (its hash is not recomputed), against the native binary:
/// only a real socket has connections. Everything else about the key is still checked on every request.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class KeepAliveKeyTests : IAsyncLifetime
{
    private string _dataDirectory = "";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("udc-keepalive-").FullName;
        DemoDataGenerator.Write(_dataDirectory, new DemoDataOptions());
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task OneConnection_ProvenKey_OtherKeysCheckedAndRevocationHoldsAtOnce()
    {
        await using var udc = await UdcProcess.StartAsync(_dataDirectory, AccessFixture.Settings(("UDC_DATABASE", Path.Combine(_dataDirectory, "udc.db"))));
        // One connection for every request below, admin calls included.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        using var client = new HttpClient(handler) { BaseAddress = udc.BaseAddress };
        var (id, key) = await AccessFixture.CreateKeyAsync(client);
        var (_, other) = await AccessFixture.CreateKeyAsync(client, """{"name": "support only", "sources": ["support"]}""");
        var forged = key[..^4] + (key[^4..] == "AAAA" ? "BBBB" : "AAAA");

        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/data/crm", key));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/data/crm", key));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, "/data/crm", forged));
        // Another key on the same connection is its own caller, with its own allow-list.
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(client, "/data/crm", other));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(client, "/data/crm", key));
        using (var revoke = await client.SendAsync(AccessFixture.Admin(HttpMethod.Post, $"/auth/api-keys/{id}/revoke"), Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(client, "/data/crm", key));
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string url, string key)
    {
        using var response = await client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, url, key), Token);
        return response.StatusCode;
    }
}
