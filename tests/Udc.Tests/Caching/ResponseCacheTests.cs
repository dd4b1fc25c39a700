using System.Net;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Caching;

public sealed class ResponseCacheTests
{
    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string? XCache(HttpResponseMessage response) => response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null;

    private static Dictionary<string, string> Settings(params (string, string)[] extra) =>
        AccessFixture.Settings([("AUTH_ENABLED", "false"), .. extra]);

    [Theory]
    [InlineData("/data/crm?status=active&page_size=5")]
    [InlineData("/data/support/aggregate?group_by=status")]
    [InlineData("/data/crm/1")]
    [InlineData("/sources/crm")]
    [InlineData("/sources")]
    public async Task Cacheable_SecondRequest_IsHitWithSameBodyAndETag(string url)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        using var first = await GetAsync(server.Client, url);
        using var second = await GetAsync(server.Client, url);
        Assert.Equal("miss", XCache(first));
        Assert.Equal("hit", XCache(second));
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(second.Headers.CacheControl is { Private: true, NoCache: true });
    }

    [Theory]
    [InlineData("/sources", "/quality")]
    [InlineData("/analytics/analytics/latest", "/analytics/analytics/trend")]
    [InlineData("/analytics/analytics/anomalies", "/analytics/analytics/forecast")]
    public async Task RoutesOfOneKind_SameSourcesAndQuery_EachItsOwnEntry(string first, string other)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        using var cached = await GetAsync(server.Client, first);
        using var second = await GetAsync(server.Client, other);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("miss", XCache(second));
        Assert.NotEqual(await cached.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Query_SameParametersInAnotherOrder_SharesEntry()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        (await GetAsync(server.Client, "/data/support?status=open&priority=high")).Dispose();
        using var reordered = await GetAsync(server.Client, "/data/support?priority=high&status=open");
        Assert.Equal("hit", XCache(reordered));
        using var different = await GetAsync(server.Client, "/data/support?priority=high&status=closed");
        Assert.Equal("miss", XCache(different));
    }

    [Fact]
    public async Task IfNoneMatch_CurrentETag_Is304WithoutBody()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        using var first = await GetAsync(server.Client, "/data/crm");
        var etag = first.Headers.ETag!.ToString();
        using var revalidated = await GetAsync(server.Client, "/data/crm", etag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        using var weak = await GetAsync(server.Client, "/data/crm", "\"other\", W/" + etag);
        Assert.Equal(HttpStatusCode.NotModified, weak.StatusCode);
        using var stale = await GetAsync(server.Client, "/data/crm", "\"other\"");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
    }

    [Fact]
    public async Task CacheDisabled_StillSendsETagAnd304()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(("CACHE_ENABLED", "false")));
        using var first = await GetAsync(server.Client, "/data/crm");
        Assert.Null(XCache(first));
        using var revalidated = await GetAsync(server.Client, "/data/crm", first.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task Errors_And_Streams_AreNotCached()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        using var invalid = await GetAsync(server.Client, "/data/crm?page_size=500");
        Assert.Null(XCache(invalid));
        Assert.Null(invalid.Headers.ETag);
        using var stream = await GetAsync(server.Client, "/data/crm?stream=true");
        Assert.Null(XCache(stream));
    }

    [Fact]
    public async Task Webhook_ChangingRecords_NextRequestIsMissWithNewData()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        using (var before = await GetAsync(server.Client, "/data/crm/7"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        using (var webhook = await server.Client.SendAsync(AccessFixture.SignedWebhook("msg_cache_1", AccessFixture.UpsertCustomer(7, "Renamed Seven")), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        }
        using var after = await GetAsync(server.Client, "/data/crm/7");
        Assert.Equal("miss", XCache(after));
        Assert.Contains("Renamed Seven", await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AdminInvalidate_DropsSourceEntriesOnly()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        (await GetAsync(server.Client, "/data/crm")).Dispose();
        (await GetAsync(server.Client, "/data/support")).Dispose();
        using (var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, "/cache/invalidate?source=crm"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var crm = await GetAsync(server.Client, "/data/crm");
        using var support = await GetAsync(server.Client, "/data/support");
        Assert.Equal("miss", XCache(crm));
        Assert.Equal("hit", XCache(support));
    }

    [Theory]
    [InlineData("/cache/invalidate?source=nope", 400)]
    [InlineData("/cache/invalidate?sauce=crm", 422)]
    [InlineData("/cache/invalidate?source=crm&source=support", 422)]
    [InlineData("/cache/invalidate", 200)]
    public async Task AdminInvalidate_Parameters_AreValidated(string url, int expected)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        using var response = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, url), TestContext.Current.CancellationToken);
        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Fact]
    public async Task HealthSummary_CountsHitsAndMisses()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        for (var i = 0; i < 3; i++)
        {
            (await GetAsync(server.Client, "/data/crm")).Dispose();
        }
        using var summary = await AccessFixture.SummaryAsync(server.Client);
        var cache = summary.RootElement.GetProperty("cache");
        Assert.Equal(2, cache.GetProperty("hits").GetInt64());
        Assert.Equal(1, cache.GetProperty("misses").GetInt64());
        Assert.Equal("off", summary.RootElement.GetProperty("redis").GetProperty("status").GetString());
    }
}
