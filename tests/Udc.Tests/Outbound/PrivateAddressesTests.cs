using System.Net;
using Udc.Outbound;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Outbound;

public sealed class PrivateAddressesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("2001:4860:4860::8888", false)]
    public void IsPrivate_KnownAddresses(string address, bool expected) =>
        Assert.Equal(expected, PrivateAddresses.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public async Task ConnectGuard_LoopbackNotNamed_RefusedAndNamed_Connects()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue("{}");
        using var refused = new HttpClient(new SocketsHttpHandler { ConnectCallback = PrivateAddresses.ConnectGuard(new HashSet<IPAddress>()) });
        using var allowed = new HttpClient(new SocketsHttpHandler { ConnectCallback = PrivateAddresses.ConnectGuard(new HashSet<IPAddress> { IPAddress.Loopback }) });
        var localhost = new UriBuilder(server.BaseAddress) { Host = "localhost" }.Uri;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => refused.GetAsync(localhost, Token));
        using var response = await allowed.GetAsync(server.BaseAddress, Token);

        Assert.Contains("private or loopback", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
