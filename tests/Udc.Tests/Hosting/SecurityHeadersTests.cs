using System.Net;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Hosting;

public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("/data/crm", HttpStatusCode.OK)]
    [InlineData("/nope", HttpStatusCode.NotFound)]
    [InlineData("/data/crm?page_size=99", HttpStatusCode.UnprocessableEntity)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    public async Task EveryResponse_CarriesSecurityHeaders(string url, HttpStatusCode status)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("AUTH_ENABLED", "false")));
        using var response = await server.Client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.NotNull(response.Headers.CacheControl);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Cors_OffByDefault_NoAllowOriginHeader()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("AUTH_ENABLED", "false")));
        using var response = await SendPreflightAsync(server.Client, "https://app.example.com");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_Configured_AllowsOnlyListedOrigins()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("AUTH_ENABLED", "false"), ("CORS_ORIGINS", "https://app.example.com")));
        using var allowed = await SendPreflightAsync(server.Client, "https://app.example.com");
        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var other = await SendPreflightAsync(server.Client, "https://evil.example.com");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task<HttpResponseMessage> SendPreflightAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/data/crm");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "X-API-Key");
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
