using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Udc.Tests.Llm;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Tools;

/// <summary>
/// One 1,000,000-character cell must not blow any budget: tool results, tool schemas, the assistant's model calls,
/// <c>voice_context</c> and <c>/sources</c> all stay bounded, whatever the data holds.
/// </summary>
public sealed class OutputBoundsTests : IAsyncLifetime
{
    private const int Huge = 1_000_000;

    private readonly OpenAiDialect _dialect = new();
    private FakeLlmServer _fake = null!;
    private UdcTestServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeLlmServer.StartAsync();
        _server = await UdcTestServer.StartWithDemoDataAsync(settings: new Dictionary<string, string?> { [_dialect.BaseUrlSetting] = _dialect.BaseUrl(_fake.BaseAddress) });
        var huge = new string('x', Huge);
        await File.WriteAllTextAsync(Path.Combine(_server.DataDirectory, "notes.csv"),
            $"note_id,kind,subject,body\n1,{huge},{huge},{huge}\n2,short,Hello,fine\n3,short,Bye,fine\n", Token);
        _server.Services.GetRequiredService<Udc.Engine.Catalog.SourceCatalog>().Refresh();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData("query_data", """{"source": "notes", "max_tokens": 100}""", 8_000)]
    [InlineData("query_data", """{"source": "notes", "page_size": 50}""", 20_000)]
    [InlineData("aggregate_data", """{"source": "notes", "group_by": ["kind", "subject"], "max_tokens": 100}""", 8_000)]
    [InlineData("get_record", """{"source": "notes", "id": 1, "max_tokens": 100}""", 8_000)]
    [InlineData("describe_source", """{"source": "notes", "max_tokens": 100}""", 8_000)]
    [InlineData("list_sources", """{"max_tokens": 100}""", 8_000)]
    public async Task McpTool_MillionCharacterCell_ResultBounded(string tool, string arguments, int maxBytes)
    {
        await using var client = await McpTestClient.ConnectAsync(_server);

        var result = await client.CallAsync(tool, arguments);

        var text = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(Encoding.UTF8.GetByteCount(text) < maxBytes, $"{tool}: {text.Length} characters");
        Assert.NotEqual(true, result.IsError);
    }

    [Fact]
    public async Task McpToolsList_MillionCharacterCell_NoValueInAnySchema()
    {
        await using var client = await McpTestClient.ConnectAsync(_server);

        var tools = await client.ListToolsAsync(cancellationToken: Token);

        var bytes = tools.Sum(t => t.JsonSchema.GetRawText().Length + (t.Description?.Length ?? 0));
        Assert.True(bytes < 64 * 1024, $"{bytes} bytes of tools");
        Assert.DoesNotContain(tools, t => t.JsonSchema.GetRawText().Contains("xxxxxxxxxx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AssistantModelCall_MillionCharacterCell_RequestsStaySmall()
    {
        _fake.Enqueue(_dialect.ToolCalls(new ScriptedCall("call_1", "query_data", """{"source": "notes"}""")));
        _fake.Enqueue(_dialect.Text("Done."));
        var body = TestJson.Object(w =>
        {
            w.WriteString("provider", "openai");
            w.WriteString("user_query", "what notes are there");
            w.WriteString("mode", "llm");
            w.WriteString("api_key", "sk-test");
        });

        using var response = await _server.Client.PostAsync("/assistant/query", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        Assert.Equal(2, _fake.Requests.Count);
        Assert.All(_fake.Requests, r => Assert.True(r.Body.GetRawText().Length < 96 * 1024, $"{r.Body.GetRawText().Length} bytes to the model"));
    }

    [Theory]
    [InlineData("/sources", 32_000)]
    [InlineData("/sources/notes", 8_000)]
    [InlineData("/data/notes/aggregate?group_by=kind", Huge * 2)]
    public async Task Http_MillionCharacterCell_DescriptionsBoundedAndVoiceShort(string url, int maxBytes)
    {
        using var response = await _server.Client.GetAsync(url, Token);
        var text = await response.Content.ReadAsStringAsync(Token);

        Assert.True(response.IsSuccessStatusCode, text[..Math.Min(400, text.Length)]);
        Assert.True(text.Length < maxBytes, $"{url}: {text.Length} characters");
        using var document = JsonDocument.Parse(text);
        Assert.True(document.RootElement.GetProperty("metadata").GetProperty("voice_context").GetString()!.Length < 600);
    }

    [Fact]
    public async Task Record_MillionCharacterTitle_VoiceContextShort()
    {
        using var response = await _server.Client.GetAsync("/data/notes/1", Token);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));

        var voice = document.RootElement.GetProperty("metadata").GetProperty("voice_context").GetString()!;
        Assert.True(voice.Length < 300, $"{voice.Length} characters");
        Assert.Equal(Huge, document.RootElement.GetProperty("data").GetProperty("body").GetString()!.Length);
    }
}
