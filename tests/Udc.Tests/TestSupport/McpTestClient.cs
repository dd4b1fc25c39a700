using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Udc.Tests.TestSupport;

/// <summary>The official SDK's MCP client on a test server's <c>/mcp</c>, and helpers to call tools with JSON arguments.</summary>
internal static class McpTestClient
{
    /// <param name="protocolVersion">Null lets the client pick (the newest revision, served statelessly); a handshake revision gets a session.</param>
    /// <param name="apiKey">Sent as <c>X-API-Key</c> on every request, for servers with API keys on.</param>
    /// <param name="sessionId">Continue this session instead of starting one (no initialize handshake).</param>
    public static Task<McpClient> ConnectAsync(UdcTestServer server, string? protocolVersion = null, Action<McpClientOptions>? configure = null, string? apiKey = null, string? sessionId = null)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(server.Client.BaseAddress!, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = apiKey is null ? null : new Dictionary<string, string> { ["X-API-Key"] = apiKey },
                KnownSessionId = sessionId,
            },
            server.Client,
            loggerFactory: null,
            ownsHttpClient: false);
        var options = new McpClientOptions { ClientInfo = new Implementation { Name = "udc-tests", Version = "1.0" }, ProtocolVersion = protocolVersion };
        configure?.Invoke(options);
        return McpClient.CreateAsync(transport, options, loggerFactory: null, TestContext.Current.CancellationToken);
    }

    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, string argumentsJson = "{}") =>
        client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = Arguments(argumentsJson) }, TestContext.Current.CancellationToken).AsTask();

    public static Dictionary<string, JsonElement> Arguments(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    /// <summary>The structured content, after checking the text content carries the same JSON.</summary>
    public static JsonElement Structured(this CallToolResult result)
    {
        Assert.NotEqual(true, result.IsError);
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        using var fromText = JsonDocument.Parse(Fenced.Json(text));
        Assert.True(JsonElement.DeepEquals(structured, fromText.RootElement), "text content differs from structured content");
        return structured;
    }

    /// <summary>The error envelope of an <c>isError</c> result.</summary>
    public static JsonElement Error(this CallToolResult result)
    {
        Assert.True(result.IsError, "expected an error result");
        Assert.Null(result.StructuredContent);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        using var document = JsonDocument.Parse(Fenced.Json(text));
        return document.RootElement.GetProperty("error").Clone();
    }
}
