using System.Net;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using Udc.Tests.Llm;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>
/// A key limited to some sources inside the routes whose tools can reach any source: the assistant (fast path and
/// model tools) and MCP (tools, resources and their lists). It reads its own sources, gets AUTH_SOURCE_FORBIDDEN for
/// the others, and the lists, schemas and prompts it sees never name them.
/// </summary>
public sealed class ToolAllowListTests
{
    private const string SupportOnly = """{"name": "support only", "sources": ["support"]}""";
    private const string ProviderKey = "sk-test-0123456789abcdef";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AssistantFastPath_QuestionAboutSourceOutsideKey_NotAnsweredAndNothingRead()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, restricted) = await AccessFixture.CreateKeyAsync(server.Client, SupportOnly);
        var (_, unrestricted) = await AccessFixture.CreateKeyAsync(server.Client);

        var refused = await AskAsync(server, restricted, "how many active customers", "no_llm");
        var answered = await AskAsync(server, unrestricted, "how many active customers", "no_llm");

        Assert.Equal("none", refused.GetProperty("resolved_by").GetString());
        Assert.Empty(refused.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("fast_path", answered.GetProperty("resolved_by").GetString());
        Assert.Equal("crm", answered.GetProperty("tool_calls")[0].GetProperty("arguments").GetProperty("source").GetString());
    }

    [Fact]
    public async Task AssistantFastPath_QuestionAboutKeysOwnSource_Answered()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, restricted) = await AccessFixture.CreateKeyAsync(server.Client, SupportOnly);

        var answer = await AskAsync(server, restricted, "how many open tickets", "no_llm");

        Assert.Equal("fast_path", answer.GetProperty("resolved_by").GetString());
        Assert.Equal("support", answer.GetProperty("tool_calls")[0].GetProperty("arguments").GetProperty("source").GetString());
    }

    [Fact]
    public async Task AssistantModel_KeyLimitedToSupport_ToolsDescribeOnlySupportAndOtherSourceRefused()
    {
        var dialect = new OpenAiDialect();
        await using var fake = await FakeLlmServer.StartAsync();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings((dialect.BaseUrlSetting, dialect.BaseUrl(fake.BaseAddress))));
        var (_, restricted) = await AccessFixture.CreateKeyAsync(server.Client, SupportOnly);
        fake.Enqueue(dialect.ToolCalls(new ScriptedCall("call_1", "query_data", """{"source": "crm", "page_size": 1}""")));
        fake.Enqueue(dialect.Text("I cannot read customers."));

        var answer = await AskAsync(server, restricted, "How many customers do we have?", "llm");

        var call = answer.GetProperty("tool_calls")[0];
        Assert.True(call.GetProperty("is_error").GetBoolean());
        Assert.Equal("AUTH_SOURCE_FORBIDDEN", call.GetProperty("result").GetProperty("error").GetProperty("code").GetString());
        var first = fake.Requests[0].Body;
        var fetch = first.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("function").GetProperty("name").GetString() == "query_data");
        var sources = fetch.GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("source").GetProperty("enum");
        Assert.Equal(["support"], sources.EnumerateArray().Select(e => e.GetString()));
        // Neither the system prompt nor any schema names the sources the key may not read.
        Assert.DoesNotContain("crm", first.GetRawText());
        Assert.DoesNotContain("analytics", first.GetRawText());
        Assert.Contains("AUTH_SOURCE_FORBIDDEN", fake.Requests[1].Body.GetRawText());
    }

    [Fact]
    public async Task McpTools_KeyLimitedToSupport_OtherSourcesForbiddenInEveryTool()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, restricted) = await AccessFixture.CreateKeyAsync(server.Client, SupportOnly);
        await using var client = await McpTestClient.ConnectAsync(server, "2025-11-25", apiKey: restricted);

        var own = (await client.CallAsync("query_data", """{"source": "support", "page_size": 2}""")).Structured();
        Assert.Equal(2, own.GetProperty("data").GetArrayLength());
        foreach (var (tool, arguments) in new[]
        {
            ("query_data", """{"source": "crm"}"""),
            ("aggregate_data", """{"source": "crm", "group_by": ["status"]}"""),
            ("get_record", """{"source": "crm", "id": 1}"""),
            ("describe_source", """{"source": "crm"}"""),
            ("query_data", """{"source": "no_such_source"}"""),
        })
        {
            var error = (await client.CallAsync(tool, arguments)).Error();
            Assert.Equal("AUTH_SOURCE_FORBIDDEN", error.GetProperty("code").GetString());
        }
        var listed = (await client.CallAsync("list_sources")).Structured();
        Assert.Equal(["support"], listed.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task McpLists_KeyLimitedToSupport_SchemasAndResourcesNameOnlySupport()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, restricted) = await AccessFixture.CreateKeyAsync(server.Client, SupportOnly);
        var (_, unrestricted) = await AccessFixture.CreateKeyAsync(server.Client);
        await using var limited = await McpTestClient.ConnectAsync(server, "2025-11-25", apiKey: restricted);
        await using var full = await McpTestClient.ConnectAsync(server, "2025-11-25", apiKey: unrestricted);

        var limitedTools = await limited.ListToolsAsync(cancellationToken: Token);
        var fullTools = await full.ListToolsAsync(cancellationToken: Token);
        var limitedResources = await limited.ListResourcesAsync(cancellationToken: Token);
        var fullResources = await full.ListResourcesAsync(cancellationToken: Token);

        var querySchema = limitedTools.Single(t => t.Name == "query_data").JsonSchema;
        Assert.Equal(["support"], querySchema.GetProperty("properties").GetProperty("source").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.All(limitedTools, t => Assert.DoesNotContain("\"crm\"", t.JsonSchema.GetRawText()));
        Assert.Contains(fullTools, t => t.JsonSchema.GetRawText().Contains("\"crm\"", StringComparison.Ordinal));
        Assert.Equal(["udc://sources/support"], limitedResources.Select(r => r.Uri));
        Assert.Equal(3, fullResources.Count);
        var read = await Assert.ThrowsAsync<McpProtocolException>(() => limited.ReadResourceAsync("udc://sources/crm", cancellationToken: Token).AsTask());
        Assert.Contains("may not read source 'crm'", read.Message);
        var own = await limited.ReadResourceAsync("udc://sources/support", cancellationToken: Token);
        Assert.Single(own.Contents);
    }

    [Fact]
    public async Task McpSession_StartedWithOneKey_AnotherKeyCannotContinueIt()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, restricted) = await AccessFixture.CreateKeyAsync(server.Client, SupportOnly);
        var (_, unrestricted) = await AccessFixture.CreateKeyAsync(server.Client);
        await using var owner = await McpTestClient.ConnectAsync(server, "2025-11-25", apiKey: restricted);
        Assert.NotNull(owner.SessionId);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"query_data","arguments":{"source":"crm"}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Add("X-API-Key", unrestricted);
        request.Headers.Add("Mcp-Session-Id", owner.SessionId);
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using var response = await server.Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        // MCP clients read a JSON-RPC error here; it names the session, never the other key's data.
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        Assert.Contains("does not match the user who initiated the session", document.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    private static async Task<JsonElement> AskAsync(UdcTestServer server, string key, string question, string mode)
    {
        var body = TestJson.Object(writer =>
        {
            writer.WriteString("provider", "openai");
            writer.WriteString("user_query", question);
            writer.WriteString("mode", mode);
            writer.WriteString("api_key", ProviderKey);
        });
        using var request = AccessFixture.WithKey(HttpMethod.Post, "/assistant/query", key);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await server.Client.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
