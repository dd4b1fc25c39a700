using System.Net;
using Udc.Tests.TestSupport;

namespace Udc.Tests.RateLimiting;

public sealed class RateLimitTests
{
    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string Header(HttpResponseMessage response, string name) => string.Join(",", response.Headers.GetValues(name));

    [Fact]
    public async Task Limit_ExactlyNAllowed_NextIs429WithHeaders()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("RATE_LIMIT_PER_SOURCE", "5"), ("RATE_LIMIT_WINDOW_SECONDS", "60")));
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);
        for (var i = 0; i < 5; i++)
        {
            using var allowed = await GetAsync(server.Client, $"/data/crm?page={i + 1}", key);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal("\"per-source\";q=5;w=60", Header(allowed, "RateLimit-Policy"));
            Assert.StartsWith($"\"per-source\";r={4 - i};t=", Header(allowed, "RateLimit"));
        }
        using var rejected = await GetAsync(server.Client, "/data/crm", key);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        var retryAfter = int.Parse(Header(rejected, "Retry-After"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal($"\"per-source\";r=0;t={retryAfter}", Header(rejected, "RateLimit"));
        using var body = await AccessFixture.JsonAsync(rejected);
        Assert.Equal("RATE_LIMIT_EXCEEDED", AccessFixture.ErrorCode(body));
    }

    [Fact]
    public async Task Limit_OneKeyExhausted_OtherKeyAndOtherSourceUnaffected()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("RATE_LIMIT_PER_SOURCE", "3")));
        var (_, first) = await AccessFixture.CreateKeyAsync(server.Client);
        var (_, second) = await AccessFixture.CreateKeyAsync(server.Client);
        for (var i = 0; i < 3; i++)
        {
            (await GetAsync(server.Client, "/data/crm", first)).Dispose();
        }
        using (var exhausted = await GetAsync(server.Client, "/data/crm", first))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, exhausted.StatusCode);
        }
        using (var other = await GetAsync(server.Client, "/data/crm", second))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.StartsWith("\"per-source\";r=2;", Header(other, "RateLimit"));
        }
        using var otherSource = await GetAsync(server.Client, "/data/support", first);
        Assert.Equal(HttpStatusCode.OK, otherSource.StatusCode);
    }

    [Fact]
    public async Task Limit_PerSourceOverride_AppliesToThatSource()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("AUTH_ENABLED", "false"), ("RATE_LIMIT_PER_SOURCE", "100,analytics=1")));
        (await GetAsync(server.Client, "/data/analytics", null)).Dispose();
        using var second = await GetAsync(server.Client, "/data/analytics", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        using var crm = await GetAsync(server.Client, "/data/crm", null);
        Assert.Equal(HttpStatusCode.OK, crm.StatusCode);
        Assert.Equal("\"per-source\";q=100;w=60", Header(crm, "RateLimit-Policy"));
    }

    [Fact]
    public async Task FailedAuth_OverStricterLimit_BlocksEvenValidKeyFromThatAddress()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("RATE_LIMIT_AUTH_FAILURES", "3")));
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);
        for (var i = 0; i < 3; i++)
        {
            using var failed = await GetAsync(server.Client, "/data/crm", "udc_wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        using var blocked = await GetAsync(server.Client, "/data/crm", key);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.StartsWith("\"auth-failures\";q=3;", Header(blocked, "RateLimit-Policy"));
        Assert.True(blocked.Headers.Contains("Retry-After"));
        using var health = await GetAsync(server.Client, "/health/live", null);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Health_IsNeverLimited()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("RATE_LIMIT_PER_SOURCE", "1")));
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);
        for (var i = 0; i < 5; i++)
        {
            // The summary needs a key with auth on, but a dashboard polling it is not limited.
            foreach (var (route, presented) in new (string, string?)[] { ("/health/live", null), ("/health/ready", null), ("/health/summary", key) })
            {
                using var response = await GetAsync(server.Client, route, presented);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.False(response.Headers.Contains("RateLimit"));
            }
        }
    }
}
