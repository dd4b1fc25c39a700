using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Tests.Llm;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Assistant;

/// <summary>The assistant's HTTP contract: modes, the fast path over HTTP, bad input, and the stored-key admin routes.</summary>
public sealed class AssistantApiTests
{
    private const string AdminKey = "admin-key-for-tests";
    private const string MasterKey = "0123456789abcdef0123456789abcdef-master";
    private const string ProviderKey = "sk-stored-9876543210zyxwvu";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(UdcTestServer server, string path, string body, string? admin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (admin is not null)
        {
            request.Headers.Add("X-Admin-Key", admin);
        }
        using var response = await server.Client.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(UdcTestServer server, HttpMethod method, string path, string? admin)
    {
        using var request = new HttpRequestMessage(method, path);
        if (admin is not null)
        {
            request.Headers.Add("X-Admin-Key", admin);
        }
        using var response = await server.Client.SendAsync(request, Token);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task Query_FastPathQuestion_AnsweredWithoutProvider()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, body) = await PostAsync(server, "/assistant/query", """{"provider": "openai", "user_query": "How many active customers?"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("fast_path", body.GetProperty("resolved_by").GetString());
        Assert.Equal("openai", body.GetProperty("provider").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("model").ValueKind);
        Assert.StartsWith("There are ", body.GetProperty("answer").GetString());
        var call = Assert.Single(body.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("query_data", call.GetProperty("tool_name").GetString());
        Assert.Equal(1, call.GetProperty("arguments").GetProperty("page_size").GetInt32());
        Assert.True(call.GetProperty("result").GetProperty("metadata").GetProperty("total_results").GetInt32() > 0);
        Assert.Equal(0, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.True(body.GetProperty("latency_ms").GetDouble() >= 0);
    }

    [Fact]
    public async Task Query_RecordWithEmail_VoiceAnswerSpellsItOut()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (_, body) = await PostAsync(server, "/assistant/query", """{"user_query": "email of customer 7", "mode": "no_llm"}""");

        Assert.Contains("@example.com", body.GetProperty("answer").GetString());
        Assert.Contains(" at example dot com", body.GetProperty("voice_answer").GetString());
    }

    [Fact]
    public async Task Query_NoLlmModeAndUnclaimedQuestion_SaysWhatItCannot()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, body) = await PostAsync(server, "/assistant/query", """{"provider": "openai", "user_query": "Why do customers churn?", "mode": "no_llm", "api_key": "sk-unused"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("none", body.GetProperty("resolved_by").GetString());
        Assert.Contains("needs a language model", body.GetProperty("answer").GetString());
        Assert.Equal(0, body.GetProperty("tool_calls").GetArrayLength());
    }

    [Fact]
    public async Task Query_AutoWithoutAnyKey_AnswersWhatItCanAndSaysWhy()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, body) = await PostAsync(server, "/assistant/query", """{"provider": "anthropic", "user_query": "Why do customers churn?"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("none", body.GetProperty("resolved_by").GetString());
        Assert.Contains("ANTHROPIC_API_KEY", body.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Query_LlmMode_SkipsTheFastPath()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        var dialect = new OpenAiDialect();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings: new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = dialect.BaseUrl(fake.BaseAddress), ["OPENAI_API_KEY"] = "sk-server-default-key", ["OPENAI_MODEL"] = "gpt-test" });
        fake.Enqueue(dialect.Text("Thirty."));

        var (status, body) = await PostAsync(server, "/assistant/query", """{"provider": "openai", "user_query": "How many active customers?", "mode": "llm", "temperature": 0}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("llm", body.GetProperty("resolved_by").GetString());
        var request = Assert.Single(fake.Requests);
        Assert.Equal("Bearer sk-server-default-key", request.Headers["authorization"]);
        Assert.Equal("gpt-test", request.Body.GetProperty("model").GetString());
        Assert.Equal(0, request.Body.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task Query_OpenAiCompatible_UsesItsBaseUrlModelAndNoKey()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        var dialect = new OpenAiDialect();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings: new Dictionary<string, string?>
        {
            ["OPENAI_COMPATIBLE_BASE_URL"] = fake.BaseAddress + "v1",
            ["OPENAI_COMPATIBLE_MODEL"] = "qwen2.5:7b",
        });
        fake.Enqueue(dialect.Text("Local answer."));

        var (status, body) = await PostAsync(server, "/assistant/query", """{"provider": "openai_compatible", "user_query": "Summarise the data", "mode": "llm"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Local answer.", body.GetProperty("answer").GetString());
        var request = Assert.Single(fake.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.False(request.Headers.ContainsKey("authorization"));
        Assert.Equal("qwen2.5:7b", request.Body.GetProperty("model").GetString());
        Assert.Equal(1024, request.Body.GetProperty("max_tokens").GetInt32());
    }

    [Theory]
    [InlineData("not json", "body")]
    [InlineData("[1, 2]", "body")]
    [InlineData("null", "body")]
    [InlineData("{}", "user_query")]
    [InlineData("""{"user_query": ""}""", "user_query")]
    [InlineData("""{"user_query": 5}""", "user_query")]
    [InlineData("""{"user_query": "x", "provider": "bogus"}""", "provider")]
    [InlineData("""{"user_query": "x", "temperature": 2}""", "temperature")]
    [InlineData("""{"user_query": "x", "temperature": "hot"}""", "temperature")]
    [InlineData("""{"user_query": "x", "max_tool_rounds": 0}""", "max_tool_rounds")]
    [InlineData("""{"user_query": "x", "max_tool_rounds": 99999999999}""", "max_tool_rounds")]
    [InlineData("""{"user_query": "x", "mode": "fast"}""", "mode")]
    [InlineData("""{"user_query": "x", "mode": "llm"}""", "provider")]
    [InlineData("""{"user_query": "x", "max_tool_round": 2}""", "max_tool_round")]
    [InlineData("""{"user_query": "x", "api_key": "a", "api_key_id": "b"}""", "api_key_id")]
    [InlineData("""{"user_query": "x", "model": ""}""", "model")]
    [InlineData("""{"user_query": {"nested": [1, {"deep": null}]}}""", "user_query")]
    [InlineData("""{"user_query": "x",}""", "body")]
    public async Task Query_BadInput_ValidationErrorNamingTheField(string body, string field)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, response) = await PostAsync(server, "/assistant/query", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = response.GetProperty("error");
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        Assert.Contains(error.GetProperty("details").EnumerateArray(), d => d.GetProperty("loc").EnumerateArray().Any(l => l.GetString() == field));
    }

    [Fact]
    public async Task Query_HugeBodyOrQuestion_RefusedNotCrashed()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (bodyStatus, _) = await PostAsync(server, "/assistant/query", $$"""{"user_query": "{{new string('a', 70_000)}}"}""");
        var (queryStatus, query) = await PostAsync(server, "/assistant/query", $$"""{"user_query": "{{new string('a', 3_000)}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bodyStatus);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, queryStatus);
        Assert.Equal("VALIDATION_ERROR", query.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Query_OddButValidQuestions_NeverFail()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        string[] questions = ["#", "ticket #", "ticket 99999999999999999999", "customer -1", "on 2024-02-30", "from 2024-03-01 to", "’s", "показать клиентов", "\u0000", "ticket 1e5", "tickets 😀"];

        foreach (var question in questions)
        {
            var json = TestJson.Object(w => w.WriteString("user_query", question));
            var (status, _) = await PostAsync(server, "/assistant/query", json);
            Assert.True(status == HttpStatusCode.OK, $"'{question}' gave {status}");
        }
    }

    [Fact]
    public async Task Keys_WithoutAdminKeyConfigured_ForbiddenAdminNotConfigured()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();

        var (status, body) = await SendAsync(server, HttpMethod.Get, "/assistant/keys", "anything");

        // The access layer guards admin routes: with no admin key configured, they are closed and say why.
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("ADMIN_NOT_CONFIGURED", body);
        Assert.Contains("ADMIN_API_KEY", body);
    }

    [Fact]
    public async Task Keys_WrongAdminKey_Unauthorized()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings: new Dictionary<string, string?> { ["ADMIN_API_KEY"] = AdminKey });

        var (missing, _) = await SendAsync(server, HttpMethod.Get, "/assistant/keys", null);
        var (wrong, body) = await SendAsync(server, HttpMethod.Get, "/assistant/keys", AdminKey + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Contains("AUTH_INVALID_API_KEY", body);
    }

    [Fact]
    public async Task Keys_WithoutMasterKey_StoringIsRefusedClearly()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings: new Dictionary<string, string?> { ["ADMIN_API_KEY"] = AdminKey });

        var (status, body) = await PostAsync(server, "/assistant/keys", """{"provider": "openai", "name": "prod", "api_key": "sk-x"}""", AdminKey);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("MASTER_KEY_NOT_CONFIGURED", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("UDC_MASTER_KEY", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Keys_StoreListUseDelete_EncryptedAtRestAndNeverListed()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        var dialect = new OpenAiDialect();
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings: new Dictionary<string, string?>
        {
            ["ADMIN_API_KEY"] = AdminKey,
            ["UDC_MASTER_KEY"] = MasterKey,
            ["OPENAI_BASE_URL"] = dialect.BaseUrl(fake.BaseAddress),
        });

        var (created, stored) = await PostAsync(server, "/assistant/keys", $$"""{"provider": "openai", "name": "prod", "api_key": "{{ProviderKey}}"}""", AdminKey);
        Assert.Equal(HttpStatusCode.Created, created);
        var id = stored.GetProperty("api_key_id").GetString()!;
        Assert.DoesNotContain(ProviderKey, stored.GetRawText());

        var (listed, list) = await SendAsync(server, HttpMethod.Get, "/assistant/keys", AdminKey);
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Contains(id, list);
        Assert.Contains("\"name\":\"prod\"", list);
        Assert.DoesNotContain(ProviderKey, list);

        var database = Path.Combine(server.DataDirectory, ".udc", "udc.db");
        Assert.True(File.Exists(database));
        foreach (var file in Directory.GetFiles(Path.Combine(server.DataDirectory, ".udc")))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            Assert.DoesNotContain(ProviderKey, await reader.ReadToEndAsync(Token));
        }

        fake.Enqueue(dialect.Text("Stored key works."));
        var (asked, answer) = await PostAsync(server, "/assistant/query", $$"""{"provider": "openai", "user_query": "Anything new?", "api_key_id": "{{id}}", "mode": "llm"}""");
        Assert.Equal(HttpStatusCode.OK, asked);
        Assert.Equal("Stored key works.", answer.GetProperty("answer").GetString());
        Assert.Equal($"Bearer {ProviderKey}", Assert.Single(fake.Requests).Headers["authorization"]);

        var (wrongProvider, mismatch) = await PostAsync(server, "/assistant/query", $$"""{"provider": "gemini", "user_query": "Anything new?", "api_key_id": "{{id}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongProvider);
        Assert.Equal("LLM_CONFIGURATION_ERROR", mismatch.GetProperty("error").GetProperty("code").GetString());

        var (deleted, _) = await SendAsync(server, HttpMethod.Delete, $"/assistant/keys/{id}", AdminKey);
        var (again, missing) = await SendAsync(server, HttpMethod.Delete, $"/assistant/keys/{id}", AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Contains("KEY_NOT_FOUND", missing);

        var (gone, unknown) = await PostAsync(server, "/assistant/query", $$"""{"provider": "openai", "user_query": "Anything new?", "api_key_id": "{{id}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, gone);
        Assert.Equal("LLM_CONFIGURATION_ERROR", unknown.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"name": "x", "api_key": "k"}""", "provider")]
    [InlineData("""{"provider": "openai", "api_key": "k"}""", "name")]
    [InlineData("""{"provider": "openai", "name": "x"}""", "api_key")]
    [InlineData("""{"provider": "openai", "name": "x", "api_key": "k", "extra": 1}""", "extra")]
    public async Task Keys_BadBody_ValidationError(string body, string field)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings: new Dictionary<string, string?> { ["ADMIN_API_KEY"] = AdminKey, ["UDC_MASTER_KEY"] = MasterKey });

        var (status, response) = await PostAsync(server, "/assistant/keys", body, AdminKey);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(response.GetProperty("error").GetProperty("details").EnumerateArray(), d => d.GetProperty("loc").EnumerateArray().Any(l => l.GetString() == field));
    }
}
