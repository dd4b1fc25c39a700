using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Engine.Generation;
using Udc.Tests.Llm;
using Udc.Tests.TestSupport;

namespace Udc.Tests.EndToEnd;

/// <summary>
/// The assistant in the published native binary: the fast path, a tool round with each provider's wire types
/// (source-generated JSON under Native AOT), and a stored key in SQLite.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class AssistantNativeTests : IAsyncLifetime
{
    private const string AdminKey = "e2e-admin-key-0123456789abcdef";
    private string _dataDirectory = "";
    private FakeLlmServer? _fake;
    private UdcProcess? _udc;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("udc-e2e-").FullName;
        DemoDataGenerator.Write(_dataDirectory, new DemoDataOptions());
        _fake = await FakeLlmServer.StartAsync();
        var fake = _fake.BaseAddress.ToString().TrimEnd('/');
        _udc = await UdcProcess.StartAsync(_dataDirectory, new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = fake + "/v1",
            ["ANTHROPIC_BASE_URL"] = fake,
            ["GEMINI_BASE_URL"] = fake,
            ["OPENAI_API_KEY"] = "sk-e2e-openai-key",
            ["ANTHROPIC_API_KEY"] = "sk-ant-e2e-key",
            ["GEMINI_API_KEY"] = "AIza-e2e-gemini-key",
            ["OPENAI_COMPATIBLE_BASE_URL"] = null,
            ["ADMIN_API_KEY"] = AdminKey,
            ["UDC_MASTER_KEY"] = "e2e-master-key-0123456789abcdef0123",
            ["UDC_LLM_RETRY_BASE_MS"] = "10",
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_udc is not null)
        {
            await _udc.DisposeAsync();
        }
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json, string? admin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (admin is not null)
        {
            request.Headers.Add("X-Admin-Key", admin);
        }
        using var response = await _udc!.Client.SendAsync(request, Token);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        return (response.StatusCode, document.RootElement.Clone());
    }

    [Fact]
    public async Task FastPath_NativeBinary_AnswersUnderAMillisecondOfServerTime()
    {
        var (status, body) = await PostAsync("/assistant/query", """{"user_query": "What's the status of ticket #123?"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("fast_path", body.GetProperty("resolved_by").GetString());
        Assert.StartsWith("Ticket 123 is ", body.GetProperty("answer").GetString());
        Assert.True(body.GetProperty("latency_ms").GetDouble() < 50, $"latency {body.GetProperty("latency_ms").GetDouble()} ms");
    }

    [Fact]
    public async Task ToolRound_EachProvider_NativeBinarySpeaksTheWireFormat()
    {
        ProviderDialect[] dialects = [new OpenAiDialect(), new AnthropicDialect(), new GeminiDialect()];
        foreach (var dialect in dialects)
        {
            var before = _fake!.Requests.Count;
            _fake.Enqueue(dialect.ToolCalls(new ScriptedCall("call_e2e", "aggregate_data", """{"source": "support", "group_by": ["priority"]}""")));
            _fake.Enqueue(dialect.Text("Tickets are spread over three priorities."));

            var (status, body) = await PostAsync("/assistant/query", $$"""{"provider": "{{dialect.Provider}}", "user_query": "Tickets by priority?", "mode": "llm"}""");

            Assert.True(status == HttpStatusCode.OK, $"{dialect.Provider}: {status} {body}");
            Assert.Equal("Tickets are spread over three priorities.", body.GetProperty("answer").GetString());
            var call = Assert.Single(body.GetProperty("tool_calls").EnumerateArray());
            Assert.Equal(3, call.GetProperty("result").GetProperty("data").GetArrayLength());
            var requests = _fake.Requests.Skip(before).ToList();
            Assert.Equal(2, requests.Count);
            var sent = Assert.Single(dialect.SentResults(requests[1]));
            Assert.Equal("call_e2e", sent.CallId);
        }
    }

    [Fact]
    public async Task StoredKey_NativeBinary_SqliteWorks()
    {
        var (status, body) = await PostAsync("/assistant/keys", """{"provider": "gemini", "name": "e2e", "api_key": "AIza-stored-key"}""", AdminKey);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("api_key_id").GetString()));
        Assert.True(File.Exists(Path.Combine(_dataDirectory, ".udc", "udc.db")));
    }
}
