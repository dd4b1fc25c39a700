using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Mcp;

/// <summary>Protocol revisions, change notifications, and the HTTP transport's defences, on the in-process server.</summary>
public sealed class McpProtocolTests
{
    /// <summary>File watching is asynchronous; ten seconds allows for a loaded CI machine.</summary>
    private static readonly TimeSpan s_notificationTimeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2024-11-05")]
    [InlineData("2025-03-26")]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Connect_EachRevision_NegotiatesItAndServesTools(string revision)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        await using var client = await McpTestClient.ConnectAsync(server, revision);

        Assert.Equal(revision, client.NegotiatedProtocolVersion);
        Assert.Equal("udc", client.ServerInfo?.Name);
        var metadata = (await client.CallAsync("query_data", """{"source": "crm", "page_size": 2}""")).Structured().GetProperty("metadata");
        Assert.Equal(2, metadata.GetProperty("returned_results").GetInt32());
    }

    [Fact]
    public async Task NewDataFile_SessionClient_ToolsAndResourcesListChangedWithNewSource()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        await using var client = await McpTestClient.ConnectAsync(server, "2025-11-25");
        var toolsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resourcesChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onTools = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) => { toolsChanged.TrySetResult(); return default; });
        await using var onResources = client.RegisterNotificationHandler(NotificationMethods.ResourceListChangedNotification, (_, _) => { resourcesChanged.TrySetResult(); return default; });

        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "orders.csv"), "order_id,status,amount\n1,paid,9.5\n2,open,12.25\n", Cancel);
        await toolsChanged.Task.WaitAsync(s_notificationTimeout, Cancel);
        await resourcesChanged.Task.WaitAsync(s_notificationTimeout, Cancel);

        var query = (await client.ListToolsAsync(cancellationToken: Cancel)).Single(t => t.Name == "query_data").ProtocolTool.InputSchema;
        Assert.Contains("orders", query.GetProperty("properties").GetProperty("source").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var orders = query.GetProperty("properties").GetProperty("filters").GetProperty("anyOf").EnumerateArray().Single(b => b.GetProperty("title").GetString() == "orders filters");
        Assert.Equal(["open", "paid"], orders.GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("udc://sources/orders", (await client.ListResourcesAsync(cancellationToken: Cancel)).Select(r => r.Uri));
        var data = (await client.CallAsync("query_data", """{"source": "orders", "filters": {"amount__gt": 10}}""")).Structured().GetProperty("data");
        Assert.Equal(2, Assert.Single(data.EnumerateArray()).GetProperty("order_id").GetInt32());
    }

    [Fact]
    public async Task FileRewrittenThenRemoved_SessionClient_ItsResourceFollowsThenGoes()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        await using var client = await McpTestClient.ConnectAsync(server, "2025-11-25");
        var catalog = server.Services.GetRequiredService<Udc.Engine.Catalog.SourceCatalog>();
        var customers = Path.Combine(server.DataDirectory, "customers.json");
        async Task<string?> CrmDescription() => (await client.ListResourcesAsync(cancellationToken: Cancel)).SingleOrDefault(r => r.Uri == "udc://sources/crm")?.Description;
        Assert.Contains("50 customers", await CrmDescription());

        await File.WriteAllTextAsync(customers, """[{"customer_id": 1, "name": "Ada"}, {"customer_id": 2, "name": "Bo"}]""", Cancel);
        catalog.Refresh();
        Assert.Contains("2 customers", await CrmDescription());
        Assert.Equal(3, (await client.ListResourcesAsync(cancellationToken: Cancel)).Count(r => r.Uri.StartsWith("udc://sources/", StringComparison.Ordinal)));

        File.Delete(customers);
        catalog.Refresh();
        Assert.Null(await CrmDescription());
        Assert.Equal(["udc://sources/analytics", "udc://sources/support"], (await client.ListResourcesAsync(cancellationToken: Cancel)).Select(r => r.Uri).Order());
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("https://127.0.0.1.evil.example:8000")]
    [InlineData("null")]
    public async Task Post_ForeignOrigin_Forbidden403WithJsonRpcError(string origin)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        using var request = Initialize();
        request.Headers.Add("Origin", origin);

        using var response = await server.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("2.0", body.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Contains("origin", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("http://localhost:6274")]
    [InlineData("http://127.0.0.1:3000")]
    [InlineData("http://localhost")]
    public async Task Post_LoopbackOrigin_Served(string origin)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        using var request = Initialize();
        request.Headers.Add("Origin", origin);

        using var response = await server.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_ForeignHost_Forbidden403()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        using var request = Initialize();
        request.Headers.Host = "attacker.example:8000";

        using var response = await server.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("host", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{\"jsonrpc\": \"2.0\", \"id\": null, \"method\": \"tools/list\"}")]
    [InlineData("\"just a string\"")]
    public async Task Post_MalformedJsonRpc_JsonRpcErrorAndServerKeepsServing(string body)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");

        using var response = await server.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("2.0", error.RootElement.GetProperty("jsonrpc").GetString());
        Assert.True(error.RootElement.GetProperty("error").GetProperty("code").GetInt32() < 0);
        await using var client = await McpTestClient.ConnectAsync(server);
        Assert.NotEmpty(await client.ListToolsAsync(cancellationToken: Cancel));
    }

    private static HttpRequestMessage Initialize()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        return request;
    }
}
