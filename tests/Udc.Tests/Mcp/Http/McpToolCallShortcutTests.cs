using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Mcp.Http;

/// <summary>
/// A plain <c>tools/call</c> POST is answered as one JSON response; the same call padded past the shortcut's 64 KiB
/// (JSON whitespace, which changes nothing for the SDK) goes to the SDK, which answers it as an event stream. Both
/// answers must be the same JSON-RPC message, byte for byte, apart from the random tag that fences row text.
/// </summary>
public sealed partial class McpToolCallShortcutTests(McpServerFixture fixture) : IClassFixture<McpServerFixture>
{
    private const string Json = "application/json";
    private const string EventStream = "text/event-stream";
    private const string Handshake = "2025-11-25";
    private const string Stateless = "2026-07-28";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private HttpClient Client => fixture.Server.Client;

    [Theory]
    [InlineData("query_data", """{"source": "crm", "filters": {"status": "active"}, "page_size": 3}""")]
    [InlineData("aggregate_data", """{"source": "support", "group_by": ["status"]}""")]
    [InlineData("get_record", """{"source": "support", "id": 117}""")]
    [InlineData("get_record", """{"source": "support", "id": 9999}""")]
    [InlineData("query_data", """{"source": "nope"}""")]
    [InlineData("query_data", """{"source": "crm", "page_size": "many"}""")]
    [InlineData("query_data", """{"source": "crm", "filters": {"no_such_column": 1}}""")]
    [InlineData("list_sources", "{}")]
    public async Task ToolsCall_Session_JsonAnswerSameMessageAsSdk(string tool, string arguments)
    {
        var session = await McpOverHttp.InitializeAsync(Client, Token);

        var direct = await CallAsync(Client, SessionHeaders(session), tool, arguments, viaSdk: false);
        var sdk = await CallAsync(Client, SessionHeaders(session), tool, arguments, viaSdk: true);

        Assert.Equal((HttpStatusCode.OK, Json), (direct.Status, direct.MediaType));
        Assert.Equal((HttpStatusCode.OK, EventStream), (sdk.Status, sdk.MediaType));
        Assert.Equal(session, direct.Session);
        Assert.Equal(Fenceless(sdk.Message), Fenceless(direct.Message));
    }

    [Theory]
    [InlineData("query_data", """{"source": "crm", "filters": {"status": "active"}, "page_size": 3}""")]
    [InlineData("get_record", """{"source": "support", "id": 9999}""")]
    [InlineData("query_data", """{"source": "crm", "page_size": -1}""")]
    public async Task ToolsCall_Stateless2026_JsonAnswerSameMessageAsSdk(string tool, string arguments)
    {
        var direct = await CallAsync(Client, StatelessHeaders(tool), tool, arguments, viaSdk: false, StatelessMeta);
        var sdk = await CallAsync(Client, StatelessHeaders(tool), tool, arguments, viaSdk: true, StatelessMeta);

        Assert.Equal((HttpStatusCode.OK, Json), (direct.Status, direct.MediaType));
        Assert.Equal((HttpStatusCode.OK, EventStream), (sdk.Status, sdk.MediaType));
        Assert.Contains("\"resultType\":\"complete\",\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{\"name\":\"udc\"", direct.Message);
        Assert.Equal(Fenceless(sdk.Message), Fenceless(direct.Message));
    }

    [Fact]
    public async Task ToolsCall_UnknownTool_SdkAnswersIt()
    {
        var session = await McpOverHttp.InitializeAsync(Client, Token);

        var answer = await CallAsync(Client, SessionHeaders(session), "drop_tables", "{}", viaSdk: false);

        Assert.Equal(EventStream, answer.MediaType);
        Assert.Contains("drop_tables", answer.Message);
    }

    [Fact]
    public async Task ToolsCall_UnknownSession_404SessionNotFoundAsTheSdkSays()
    {
        var direct = await CallAsync(Client, SessionHeaders("no-such-session"), "list_sources", "{}", viaSdk: false);
        var sdk = await CallAsync(Client, SessionHeaders("no-such-session"), "list_sources", "{}", viaSdk: true);

        Assert.Equal(HttpStatusCode.NotFound, direct.Status);
        Assert.Equal((sdk.Status, sdk.MediaType, sdk.Message), (direct.Status, direct.MediaType, direct.Message));
        Assert.Contains("Session not found", direct.Message);
    }

    [Fact]
    public async Task ToolsCall_DeletedSession_404LikeTheSdk()
    {
        var session = await McpOverHttp.InitializeAsync(Client, Token);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(Client, SessionHeaders(session), "list_sources", "{}", viaSdk: false)).Status);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        delete.Headers.Add("Mcp-Session-Id", session);
        delete.Headers.Add("MCP-Protocol-Version", Handshake);
        using var deleted = await Client.SendAsync(delete, Token);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        var after = await CallAsync(Client, SessionHeaders(session), "list_sources", "{}", viaSdk: false);

        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.Contains("Session not found", after.Message);
    }

    [Theory]
    [InlineData("1999-01-01", HttpStatusCode.BadRequest)]
    [InlineData("2025-06-18", HttpStatusCode.OK)]
    [InlineData("", HttpStatusCode.OK)]
    public async Task ToolsCall_ProtocolVersionNotTheSessions_SdkAnswersIt(string revision, HttpStatusCode expected)
    {
        var session = await McpOverHttp.InitializeAsync(Client, Token);
        var headers = new Dictionary<string, string> { ["Mcp-Session-Id"] = session };
        if (revision.Length > 0)
        {
            headers["MCP-Protocol-Version"] = revision;
        }

        var answer = await CallAsync(Client, headers, "list_sources", "{}", viaSdk: false);
        var sdk = await CallAsync(Client, headers, "list_sources", "{}", viaSdk: true);

        Assert.Equal(expected, answer.Status);
        Assert.Equal((sdk.Status, sdk.MediaType, Fenceless(sdk.Message)), (answer.Status, answer.MediaType, Fenceless(answer.Message)));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{}}""", HttpStatusCode.OK)]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_sources","arguments":{},"_meta":{"progressToken":"p1"}}}""", HttpStatusCode.OK)]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_sources","arguments":[]}}""", HttpStatusCode.OK)]
    [InlineData("""{"jsonrpc":"2.0","id":3.5,"method":"tools/call","params":{"name":"list_sources"}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_sources","name":"query_data"}}""", HttpStatusCode.OK)]
    [InlineData("""[{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_sources"}}]""", HttpStatusCode.BadRequest)]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}}""", HttpStatusCode.Accepted)]
    public async Task Post_NotOnePlainCall_AnsweredByTheSdk(string body, HttpStatusCode expected)
    {
        var session = await McpOverHttp.InitializeAsync(Client, Token);

        var answer = await PostAsync(Client, SessionHeaders(session), body);
        var sdk = await PostAsync(Client, SessionHeaders(session), body + new string(' ', 70_000));

        Assert.Equal(expected, answer.Status);
        Assert.Equal((sdk.Status, sdk.MediaType, Fenceless(sdk.Message)), (answer.Status, answer.MediaType, Fenceless(answer.Message)));
    }

    [Fact]
    public async Task ToolsCall_AnotherKeysSession_403FromTheSdk()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, owner) = await AccessFixture.CreateKeyAsync(server.Client);
        var (_, other) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "other"}""");
        using var ownerClient = server.CreateClient();
        ownerClient.DefaultRequestHeaders.Add("X-API-Key", owner);
        using var otherClient = server.CreateClient();
        otherClient.DefaultRequestHeaders.Add("X-API-Key", other);
        var session = await McpOverHttp.InitializeAsync(ownerClient, Token);

        var mine = await CallAsync(ownerClient, SessionHeaders(session), "list_sources", "{}", viaSdk: false);
        var theirs = await CallAsync(otherClient, SessionHeaders(session), "list_sources", "{}", viaSdk: false);

        Assert.Equal((HttpStatusCode.OK, Json), (mine.Status, mine.MediaType));
        Assert.Equal(HttpStatusCode.Forbidden, theirs.Status);
        Assert.Contains("does not match the user who initiated the session", theirs.Message);
    }

    [Fact]
    public async Task ToolsCall_SourceRateLimited_SameRefusalBothWays()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("RATE_LIMIT_PER_SOURCE", "5")));
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        for (var i = 0; i < 5; i++)
        {
            using var read = await client.GetAsync("/data/crm?page_size=1", Token);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        var session = await McpOverHttp.InitializeAsync(client, Token);
        const string Arguments = """{"source": "crm", "page_size": 1}""";

        var sdk = await CallAsync(client, SessionHeaders(session), "query_data", Arguments, viaSdk: true);
        var direct = await CallAsync(client, SessionHeaders(session), "query_data", Arguments, viaSdk: false);

        Assert.Contains("RATE_LIMIT_EXCEEDED", sdk.Message);
        Assert.Equal(Json, direct.MediaType);
        Assert.Equal(Seconds(sdk.Message), Seconds(direct.Message));
    }

    [Fact]
    public async Task ToolsCall_QuotaSpent_SameRefusalBothWays()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("QUOTA_UNITS", "5")));
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        using var spend = await client.GetAsync("/data/crm?page_size=10", Token);
        Assert.Equal(HttpStatusCode.OK, spend.StatusCode);
        var session = await McpOverHttp.InitializeAsync(client, Token);

        var sdk = await CallAsync(client, SessionHeaders(session), "query_data", """{"source": "crm"}""", viaSdk: true);
        var direct = await CallAsync(client, SessionHeaders(session), "query_data", """{"source": "crm"}""", viaSdk: false);

        Assert.Contains("QUOTA_EXCEEDED", sdk.Message);
        Assert.Equal(Json, direct.MediaType);
        Assert.Equal(Seconds(sdk.Message), Seconds(direct.Message));
    }

    [Fact]
    public async Task ToolsCall_SessionUnseenBySdkForAMinute_NextCallRenewsItThroughTheSdk()
    {
        var time = new ManualTimeProvider();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(new Dictionary<string, string>(), time);
        var session = await McpOverHttp.InitializeAsync(server.Client, Token);

        var fresh = await CallAsync(server.Client, SessionHeaders(session), "list_sources", "{}", viaSdk: false);
        time.Advance(TimeSpan.FromSeconds(61));
        var renewing = await CallAsync(server.Client, SessionHeaders(session), "list_sources", "{}", viaSdk: false);
        var renewed = await CallAsync(server.Client, SessionHeaders(session), "list_sources", "{}", viaSdk: false);

        Assert.Equal(Json, fresh.MediaType);
        Assert.Equal(EventStream, renewing.MediaType);
        Assert.Equal(Json, renewed.MediaType);
        Assert.Equal(Fenceless(renewing.Message), Fenceless(renewed.Message));
    }

    [Fact]
    public async Task ToolsCall_MetricsOn_EveryCallGoesToTheSdk()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(new Dictionary<string, string> { ["METRICS_ENABLED"] = "true" });
        var session = await McpOverHttp.InitializeAsync(server.Client, Token);

        var answer = await CallAsync(server.Client, SessionHeaders(session), "list_sources", "{}", viaSdk: false);

        Assert.Equal((HttpStatusCode.OK, EventStream), (answer.Status, answer.MediaType));
    }

    private const string StatelessMeta =
        ""","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"test","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}""";

    private static Dictionary<string, string> SessionHeaders(string session) => new() { ["Mcp-Session-Id"] = session, ["MCP-Protocol-Version"] = Handshake };

    private static Dictionary<string, string> StatelessHeaders(string tool) => new() { ["MCP-Protocol-Version"] = Stateless, ["Mcp-Method"] = "tools/call", ["Mcp-Name"] = tool };

    private static Task<Answer> CallAsync(HttpClient client, Dictionary<string, string> headers, string tool, string arguments, bool viaSdk, string meta = "")
    {
        var body = $$$"""{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{arguments}}}{{{meta}}}}}""";
        // 70,000 spaces: past the shortcut's 64 KiB, meaningless to a JSON reader.
        return PostAsync(client, headers, viaSdk ? body + new string(' ', 70_000) : body);
    }

    private static async Task<Answer> PostAsync(HttpClient client, Dictionary<string, string> headers, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        using var response = await client.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        // An event stream carries the message on its data line; a JSON response is the message.
        var message = mediaType == EventStream ? text.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..].TrimEnd('\r') : text;
        var session = response.Headers.TryGetValues("Mcp-Session-Id", out var values) ? values.Single() : null;
        return new Answer(response.StatusCode, mediaType, message, session);
    }

    /// <summary>Each result fences row text with a fresh random tag; everything else must match.</summary>
    private static string Fenceless(string message) => FenceTag().Replace(message, "untrusted-data-TAG");

    /// <summary>A refusal names how long to wait, which can tick down between two calls.</summary>
    private static string Seconds(string message) => WaitSeconds().Replace(Fenceless(message), "N s");

    [GeneratedRegex("untrusted-data-[0-9a-f]{16}")]
    private static partial Regex FenceTag();

    [GeneratedRegex(@"\d+ s\b")]
    private static partial Regex WaitSeconds();

    private sealed record Answer(HttpStatusCode Status, string? MediaType, string Message, string? Session);
}
