using System.Net;
using Udc.Engine.Generation;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>Kestrel limits and client addresses, which only a real socket shows.</summary>
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
}
