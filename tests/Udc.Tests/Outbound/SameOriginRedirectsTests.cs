using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Udc.Outbound;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Outbound;

/// <summary>
/// The outbound client policy every UDC client is built with, against two servers on loopback: the origin a
/// request is sent to, and another port that must never be reached by a redirect.
/// </summary>
public sealed class SameOriginRedirectsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static HttpClient CreateClient()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOutboundHttpClient("test", _ => TimeSpan.FromSeconds(5));
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("test");
    }

    private static Func<HttpContext, Task> RedirectTo(int status, Func<HttpContext, Uri> target) => context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = target(context).ToString();
        return Task.CompletedTask;
    };

    private static HttpRequestMessage Post(Uri url) => new(HttpMethod.Post, url)
    {
        Content = new StringContent("""{"conversation": "secret"}""", Encoding.UTF8, "application/json"),
        Headers = { { "x-api-key", "key-that-stays-home" } },
    };

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Send_RedirectToAnotherPort_ReturnedUnfollowed(int status)
    {
        await using var origin = await FakeLlmServer.StartAsync();
        await using var other = await FakeLlmServer.StartAsync();
        origin.Enqueue(RedirectTo(status, _ => new Uri(other.BaseAddress, "/steal")));
        using var client = CreateClient();

        using var response = await client.SendAsync(Post(new Uri(origin.BaseAddress, "/v1/messages")), Token);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(new Uri(other.BaseAddress, "/steal"), response.Headers.Location);
        Assert.Single(origin.Requests);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task Send_307WithinOrigin_RepeatsMethodBodyAndHeaders()
    {
        await using var origin = await FakeLlmServer.StartAsync();
        origin.Enqueue(RedirectTo(307, _ => new Uri("/v2/messages", UriKind.Relative)));
        origin.Enqueue("""{"ok": true}""");
        using var client = CreateClient();

        using var response = await client.SendAsync(Post(new Uri(origin.BaseAddress, "/v1/messages")), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = origin.Requests[1];
        Assert.Equal(("POST", "/v2/messages"), (second.Method, second.Path));
        Assert.Equal("secret", second.Body.GetProperty("conversation").GetString());
        Assert.Equal("key-that-stays-home", second.Headers["x-api-key"]);
    }

    [Fact]
    public async Task Send_303WithinOrigin_ContinuesAsGetWithoutBody()
    {
        await using var origin = await FakeLlmServer.StartAsync();
        origin.Enqueue(RedirectTo(303, _ => new Uri("/result/1", UriKind.Relative)));
        origin.Enqueue("""{"done": true}""");
        using var client = CreateClient();

        using var response = await client.SendAsync(Post(new Uri(origin.BaseAddress, "/jobs")), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = origin.Requests[1];
        Assert.Equal(("GET", "/result/1"), (second.Method, second.Path));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.Body.ValueKind);
    }

    [Fact]
    public async Task Send_RedirectLoopWithinOrigin_StopsAfterFiveHops()
    {
        await using var origin = await FakeLlmServer.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            origin.Enqueue(RedirectTo(307, context => new Uri(origin.BaseAddress, context.Request.Path + "x")));
        }
        using var client = CreateClient();

        using var response = await client.SendAsync(Post(new Uri(origin.BaseAddress, "/loop")), Token);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(SameOriginRedirects.MaxRedirects + 1, origin.Requests.Count);
    }

    [Theory]
    [InlineData("https://api.example.com/v1", "https://api.example.com:443/v2", true)]
    [InlineData("https://api.example.com/v1", "http://api.example.com/v1", false)]
    [InlineData("https://api.example.com/v1", "https://api.example.com:8443/v1", false)]
    [InlineData("https://api.example.com/v1", "https://evil.example.com/v1", false)]
    [InlineData("https://API.example.com/v1", "https://api.EXAMPLE.com/v1", true)]
    public void IsSameOrigin_SchemeHostAndPort_AllMustMatch(string a, string b, bool expected) =>
        Assert.Equal(expected, SameOriginRedirects.IsSameOrigin(new Uri(a), new Uri(b)));
}
