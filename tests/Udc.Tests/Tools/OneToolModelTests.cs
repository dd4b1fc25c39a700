using System.Text;
using System.Text.Json;
using Udc.Tests.Llm;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Tools;

/// <summary>
/// The three ways a question reaches the data (<c>/data</c>'s query string, a model's tool call through the assistant,
/// an MCP tool call) are adapters onto one read layer: the same question gets the same rows, totals and spoken
/// sentence on each, and a key limited to some sources learns no other source's name on any of them.
/// </summary>
public sealed class OneToolModelTests
{
    private const string ProviderKey = "sk-test-0123456789abcdef";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Questions => new()
    {
        { "support?status=open,pending&priority=high&sort=-created_at&fields=ticket_id,status,priority&page_size=7", """{"source": "support", "filters": {"status": ["open", "pending"], "priority": "high"}, "sort": ["-created_at"], "fields": ["ticket_id", "status", "priority"], "page_size": 7}""" },
        { "crm?status__ne=churned&page=2&page_size=5", """{"source": "crm", "filters": {"status__ne": "churned"}, "page": 2, "page_size": 5}""" },
        { "analytics?metric=daily_active_users&start_date=2024-03-01&end_date=2024-03-10", """{"source": "analytics", "filters": {"metric": "daily_active_users"}, "start_date": "2024-03-01", "end_date": "2024-03-10"}""" },
        { "support?customer_id__in=3,7,12&query=login", """{"source": "support", "filters": {"customer_id__in": [3, 7, 12]}, "query": "login"}""" },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task SameQuestion_DataAssistantAndMcp_SameRowsTotalsAndVoice(string url, string arguments)
    {
        var dialect = new OpenAiDialect();
        await using var fake = await FakeLlmServer.StartAsync();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings: new Dictionary<string, string?> { [dialect.BaseUrlSetting] = dialect.BaseUrl(fake.BaseAddress) });
        await using var mcp = await McpTestClient.ConnectAsync(server);

        var data = await GetJsonAsync(server.Client, "/data/" + url);
        var viaMcp = (await mcp.CallAsync("query_data", arguments)).Structured();
        fake.Enqueue(dialect.ToolCalls(new ScriptedCall("call_1", "query_data", arguments)));
        fake.Enqueue(dialect.Text("Done."));
        var answer = await AskAsync(server.Client, null, "the question", "llm");
        var viaAssistant = answer.GetProperty("tool_calls")[0].GetProperty("result");
        var sentToModel = Assert.Single(dialect.SentResults(fake.Requests[1])).Content;

        foreach (var result in new[] { viaMcp, viaAssistant, sentToModel })
        {
            Assert.True(JsonElement.DeepEquals(data.GetProperty("data"), result.GetProperty("data")), result.GetProperty("data").GetRawText());
            foreach (var field in new[] { "total_results", "returned_results", "total_pages", "voice_context", "applied_filters", "sort" })
            {
                Assert.True(JsonElement.DeepEquals(data.GetProperty("metadata").GetProperty(field), result.GetProperty("metadata").GetProperty(field)), field);
            }
        }
    }

    [Fact]
    public async Task KeyLimitedToSupportAndFuture_EverySurface_NamesNoOtherSource()
    {
        var dialect = new OpenAiDialect();
        await using var fake = await FakeLlmServer.StartAsync();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings((dialect.BaseUrlSetting, dialect.BaseUrl(fake.BaseAddress))));
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "support and future", "sources": ["support", "future"]}""");
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        await using var mcp = await McpTestClient.ConnectAsync(server, "2025-11-25", apiKey: key);
        var seen = new StringBuilder();

        foreach (var name in new[] { "crm", "future", "nope" })
        {
            foreach (var path in new[] { $"/data/{name}", $"/data/{name}/aggregate?group_by=status", $"/data/{name}/1", $"/sources/{name}", $"/export/{name}?export_format=csv" })
            {
                using var response = await client.GetAsync(path, Token);
                var text = await response.Content.ReadAsStringAsync(Token);
                Assert.Contains(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), "400 403");
                seen.AppendLine(text);
            }
            foreach (var (tool, arguments) in new[]
            {
                ("query_data", $$"""{"source": "{{name}}"}"""),
                ("aggregate_data", $$"""{"source": "{{name}}", "group_by": ["status"]}"""),
                ("get_record", $$"""{"source": "{{name}}", "id": 1}"""),
                ("describe_source", $$"""{"source": "{{name}}"}"""),
            })
            {
                var result = await mcp.CallAsync(tool, arguments);
                Assert.True(result.IsError);
                seen.AppendLine(string.Join('\n', result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(b => b.Text)));
            }
            var read = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => mcp.ReadResourceAsync($"udc://sources/{name}", cancellationToken: Token).AsTask());
            seen.AppendLine(read.Message);
            fake.Enqueue(dialect.ToolCalls(new ScriptedCall("call_1", "query_data", $$"""{"source": "{{name}}"}""")));
            fake.Enqueue(dialect.Text("Done."));
            seen.AppendLine((await AskAsync(client, null, $"what is in {name}", "llm")).GetRawText());
            seen.AppendLine((await AskAsync(client, null, $"how many {name} records", "no_llm")).GetRawText());
        }
        foreach (var request in fake.Requests)
        {
            seen.AppendLine(request.Body.GetRawText());
        }
        foreach (var tool in await mcp.ListToolsAsync(cancellationToken: Token))
        {
            seen.AppendLine(tool.Name + " " + tool.Description + " " + tool.JsonSchema.GetRawText());
        }
        seen.AppendLine(string.Join(",", (await mcp.ListResourcesAsync(cancellationToken: Token)).Select(r => r.Uri)));
        seen.AppendLine((await mcp.CallAsync("list_sources")).Structured().GetRawText());
        seen.AppendLine((await GetJsonAsync(client, "/sources")).GetRawText());

        // crm is echoed where the caller wrote it ("may not read source 'crm'"); no answer names a source the caller
        // neither wrote nor may read, nor its file.
        var everything = seen.ToString();
        Assert.Contains("Available sources: support.", everything);
        Assert.DoesNotContain("analytics", everything);
        Assert.DoesNotContain("customers.json", everything);
        Assert.DoesNotContain("churned", everything);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> AskAsync(HttpClient client, string? key, string question, string mode)
    {
        var body = TestJson.Object(writer =>
        {
            writer.WriteString("provider", "openai");
            writer.WriteString("user_query", question);
            writer.WriteString("mode", mode);
            writer.WriteString("api_key", ProviderKey);
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/assistant/query") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }
        using var response = await client.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
