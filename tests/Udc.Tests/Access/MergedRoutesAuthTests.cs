using System.Net;
using System.Text;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>With API keys on, the routes of the assistant, MCP and exports are guarded like /data.</summary>
public sealed class MergedRoutesAuthTests
{
    private const string McpInitialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

    [Theory]
    [InlineData("GET", "/export/crm?export_format=csv", null)]
    [InlineData("POST", "/mcp", McpInitialize)]
    [InlineData("POST", "/assistant/query", """{"provider":"openai","user_query":"how many active customers","mode":"no_llm"}""")]
    public async Task DataRoute_AuthEnabledWithoutKey_401InvalidApiKey(string method, string url, string? body)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.Add("Accept", "application/json, text/event-stream");
        }

        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("AUTH_INVALID_API_KEY", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ui_AuthEnabledWithoutKey_PageStillServed()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());

        using var response = await server.Client.GetAsync("/ui", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The UI's own policy (its scripts from 'self') survives the global security headers.
        Assert.Contains("script-src 'self'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Export_KeyLimitedToCrm_OtherSourceForbiddenOwnSourceServed()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "crm only", "sources": ["crm"]}""");

        using var other = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/export/support?export_format=csv", key), TestContext.Current.CancellationToken);
        using var own = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/export/crm?export_format=csv", key), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.StartsWith("customer_id,", await own.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
