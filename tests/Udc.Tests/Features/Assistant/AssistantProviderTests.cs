using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Tests.Llm;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Assistant;

/// <summary>
/// <c>POST /assistant/query</c> against a fake provider on loopback that speaks the provider's wire format:
/// tool calls single, parallel and over rounds, bad calls the model must correct, refusals, and every failure
/// the transport handles. Each provider runs the same scenarios in its own class, so the three run in parallel.
/// </summary>
public abstract class AssistantProviderTests<TDialect>
    where TDialect : ProviderDialect, new()
{
    private const string ApiKey = "sk-test-0123456789abcdef";
    private static readonly TDialect s_dialect = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(UdcTestServer Udc, FakeLlmServer Fake)> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var fake = await FakeLlmServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            [s_dialect.BaseUrlSetting] = s_dialect.BaseUrl(fake.BaseAddress),
            ["UDC_LLM_RETRY_BASE_MS"] = "10",
            ["UDC_LLM_TIMEOUT_SECONDS"] = "15",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        return (await UdcTestServer.StartWithDemoDataAsync(settings: settings), fake);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> AskAsync(UdcTestServer udc, string question, int? maxToolRounds = null, string? apiKey = ApiKey)
    {
        var json = TestJson.Object(writer =>
        {
            writer.WriteString("provider", s_dialect.Provider);
            writer.WriteString("user_query", question);
            writer.WriteString("mode", "llm");
            if (apiKey is not null)
            {
                writer.WriteString("api_key", apiKey);
            }
            if (maxToolRounds is { } rounds)
            {
                writer.WriteNumber("max_tool_rounds", rounds);
            }
        });
        using var response = await udc.Client.PostAsync("/assistant/query", new StringContent(json, Encoding.UTF8, "application/json"), Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.DoesNotContain(ApiKey, text);
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static async Task<int> CountAsync(UdcTestServer udc, string query)
    {
        using var response = await udc.Client.GetAsync($"/data/{query}&page_size=1", Token);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        return document.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32();
    }

    [Fact]
    public async Task Query_SingleToolCall_RunsToolAndAnswers()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.ToolCalls(new ScriptedCall("call_1", "query_data", """{"source": "crm", "filters": {"status": "active"}, "page_size": 1}""")));
        fake.Enqueue(s_dialect.Text("You have **30** active customers."));

        var (status, body) = await AskAsync(udc, "How many active customers do we have?");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(s_dialect.Provider, body.GetProperty("provider").GetString());
        Assert.Equal("llm", body.GetProperty("resolved_by").GetString());
        Assert.Equal("You have 30 active customers.", body.GetProperty("answer").GetString());
        var call = Assert.Single(body.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("query_data", call.GetProperty("tool_name").GetString());
        Assert.Equal("crm", call.GetProperty("arguments").GetProperty("source").GetString());
        var expected = await CountAsync(udc, "crm?status=active");
        Assert.Equal(expected, call.GetProperty("result").GetProperty("metadata").GetProperty("total_results").GetInt32());
        Assert.Equal(82 + 120, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(17 + 12, body.GetProperty("usage").GetProperty("completion_tokens").GetInt64());

        var requests = fake.Requests;
        Assert.Equal(2, requests.Count);
        s_dialect.AssertFirstRequest(requests[0], ApiKey, DefaultModel(), "How many active customers do we have?");
        var sent = Assert.Single(s_dialect.SentResults(requests[1]));
        Assert.Equal("call_1", sent.CallId);
        Assert.False(sent.IsError);
        Assert.Equal(expected, sent.Content.GetProperty("metadata").GetProperty("total_results").GetInt32());
        Assert.True(sent.Content.GetProperty("metadata").TryGetProperty("voice_context", out _));
    }

    [Fact]
    public async Task Query_ParallelToolCalls_AnswersEachInOrder()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.ToolCalls(
            new ScriptedCall("call_a", "query_data", """{"source": "crm", "filters": {"status": "churned"}, "page_size": 1}"""),
            new ScriptedCall("call_b", "query_data", """{"source": "support", "filters": {"status": "open"}, "page_size": 1}""")));
        fake.Enqueue(s_dialect.Text("There are churned customers and open tickets."));

        var (status, body) = await AskAsync(udc, "How many churned customers and open tickets?");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("tool_calls").GetArrayLength());
        var sent = s_dialect.SentResults(fake.Requests[1]);
        Assert.Equal(["call_a", "call_b"], sent.Select(s => s.CallId));
        Assert.Equal(await CountAsync(udc, "crm?status=churned"), sent[0].Content.GetProperty("metadata").GetProperty("total_results").GetInt32());
        Assert.Equal(await CountAsync(udc, "support?status=open"), sent[1].Content.GetProperty("metadata").GetProperty("total_results").GetInt32());
    }

    [Fact]
    public async Task Query_TwoRounds_CarriesTheConversation()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.ToolCalls(new ScriptedCall("call_1", "list_sources", "{}")));
        fake.Enqueue(s_dialect.ToolCalls(new ScriptedCall("call_2", "aggregate_data", """{"source": "support", "group_by": ["status"]}""")));
        fake.Enqueue(s_dialect.Text("Most tickets are closed."));

        var (status, body) = await AskAsync(udc, "Break tickets down by status");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["list_sources", "aggregate_data"], body.GetProperty("tool_calls").EnumerateArray().Select(c => c.GetProperty("tool_name").GetString()));
        var requests = fake.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Contains(s_dialect.SentResults(requests[1])[0].Content.GetProperty("data").EnumerateArray(), s => s.GetProperty("name").GetString() == "support");
        var groups = s_dialect.SentResults(requests[2])[0].Content.GetProperty("data");
        Assert.Equal(3, groups.GetArrayLength());
    }

    [Fact]
    public async Task Query_InvalidArguments_GoBackAsToolErrorTheModelCorrects()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.ToolCalls(new ScriptedCall("call_1", "query_data", """{"source": "crm", "page_size": 500, "colour": "red"}""")));
        fake.Enqueue(s_dialect.ToolCalls(new ScriptedCall("call_2", "query_data", """{"source": "crm", "filters": {"status__gt": "open"}}""")));
        fake.Enqueue(s_dialect.ToolCalls(new ScriptedCall("call_3", "query_data", """{"source": "crm", "page_size": 5}""")));
        fake.Enqueue(s_dialect.Text("Here are five customers."));

        var (status, body) = await AskAsync(udc, "Show five customers");

        Assert.Equal(HttpStatusCode.OK, status);
        var calls = body.GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.True(calls[0].GetProperty("is_error").GetBoolean());
        var first = s_dialect.SentResults(fake.Requests[1])[0];
        Assert.True(first.IsError);
        var message = first.Content.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("unknown argument 'colour'", message);
        // An operator the column does not take is named with the operators it does take.
        var second = s_dialect.SentResults(fake.Requests[2])[0];
        Assert.True(second.IsError);
        Assert.Contains("valid: in, ne, contains, startswith, like, isnull", second.Content.GetProperty("error").GetProperty("details")[0].GetProperty("msg").GetString());
        Assert.False(calls[2].TryGetProperty("is_error", out _));
        Assert.Equal(5, calls[2].GetProperty("result").GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Query_UnknownTool_GoesBackAsToolError()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.ToolCalls(new ScriptedCall("call_1", "delete_everything", """{"confirm": true}""")));
        fake.Enqueue(s_dialect.Text("I cannot do that."));

        var (status, body) = await AskAsync(udc, "Delete everything");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("I cannot do that.", body.GetProperty("answer").GetString());
        var sent = Assert.Single(s_dialect.SentResults(fake.Requests[1]));
        Assert.True(sent.IsError);
        Assert.Contains("Unknown tool 'delete_everything'", sent.Content.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Query_ModelAnswersWithoutTools_ReturnsItsAnswer()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.Text("I can only answer questions about your business data."));

        var (status, body) = await AskAsync(udc, "Write me a poem");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("I can only answer questions about your business data.", body.GetProperty("answer").GetString());
        Assert.Equal(0, body.GetProperty("tool_calls").GetArrayLength());
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Query_AfterMaxToolRounds_ModelMustAnswer()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.ToolCalls(new ScriptedCall("call_1", "list_sources", "{}")));
        fake.Enqueue(s_dialect.Text("There are three sources."));

        var (status, body) = await AskAsync(udc, "What data is there?", maxToolRounds: 1);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("There are three sources.", body.GetProperty("answer").GetString());
        Assert.Equal("auto", s_dialect.ToolChoice(fake.Requests[0]));
        Assert.Equal("none", s_dialect.ToolChoice(fake.Requests[1]));
    }

    [Fact]
    public async Task Query_RateLimitedWithRetryAfter_WaitsAndRetries()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.Error("rate_limit_error", "Rate limit reached"), 429, ("Retry-After", "1"));
        fake.Enqueue(s_dialect.Text("All good."));

        var watch = Stopwatch.StartNew();
        var (status, body) = await AskAsync(udc, "Anything?");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("All good.", body.GetProperty("answer").GetString());
        Assert.Equal(2, fake.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {watch.Elapsed}, before Retry-After");
    }

    [Fact]
    public async Task Query_ServerErrorEveryTime_RetriesTwiceThenUpstreamError()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        for (var i = 0; i < 3; i++)
        {
            fake.Enqueue(s_dialect.Error("api_error", "The server had an error while processing your request."), 500);
        }

        var (status, body) = await AskAsync(udc, "Anything?");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("LLM_UPSTREAM_ERROR", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("The server had an error", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Query_BadRequestFromProvider_IsNotRetried()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.Error("invalid_request_error", "The model `nope` does not exist."), 404);

        var (status, body) = await AskAsync(udc, "Anything?");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("does not exist", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Query_ProviderRejectsKey_AuthErrorWithoutTheKey()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.Enqueue(s_dialect.Error("authentication_error", $"Incorrect API key provided: {ApiKey}. You can find your API key in your dashboard."), 401);

        var (status, body) = await AskAsync(udc, "Anything?");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("LLM_AUTH_ERROR", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("[redacted]", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Query_StalledResponse_TimesOut()
    {
        var (udc, fake) = await StartAsync(new() { ["UDC_LLM_TIMEOUT_SECONDS"] = "1" });
        await using var udcScope = udc;
        await using var fakeScope = fake;
        fake.EnqueueStall();

        var (status, body) = await AskAsync(udc, "Anything?");

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("LLM_TIMEOUT", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Query_TruncatedBody_RetriedThenUpstreamError()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;
        for (var i = 0; i < 3; i++)
        {
            fake.EnqueueTruncated(s_dialect.Text("This answer never arrives whole."));
        }

        var (status, body) = await AskAsync(udc, "Anything?");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("LLM_UPSTREAM_ERROR", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Query_NoKeyAnywhere_ConfigurationError()
    {
        var (udc, fake) = await StartAsync();
        await using var udcScope = udc;
        await using var fakeScope = fake;

        var (status, body) = await AskAsync(udc, "Anything?", apiKey: null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("LLM_CONFIGURATION_ERROR", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(fake.Requests);
    }

    private static string DefaultModel() => s_dialect.Provider switch
    {
        "openai" => "gpt-4.1-mini",
        "anthropic" => "claude-sonnet-4-5",
        _ => "gemini-2.5-flash",
    };
}

public sealed class OpenAiAssistantTests : AssistantProviderTests<OpenAiDialect>;

public sealed class AnthropicAssistantTests : AssistantProviderTests<AnthropicDialect>;

public sealed class GeminiAssistantTests : AssistantProviderTests<GeminiDialect>;
