using System.Net;
using System.Text;

namespace Udc.Tests.TestSupport;

/// <summary>An MCP session over Streamable HTTP with plain requests: initialize, initialized, then one <c>tools/call</c>.</summary>
internal static class McpOverHttp
{
    public static async Task<string> CallToolAsync(HttpClient client, string tool, string argumentsJson, CancellationToken token, string? traceparent = null)
    {
        var session = await InitializeAsync(client, token);
        var (_, body) = await PostAsync(client, session, $$$"""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"{{{tool}}}","arguments":{{{argumentsJson}}}}}""", token, traceparent);
        return body;
    }

    /// <summary>Starts a session and returns its <c>Mcp-Session-Id</c>.</summary>
    public static async Task<string> InitializeAsync(HttpClient client, CancellationToken token)
    {
        var (session, _) = await PostAsync(client, null, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""", token, null);
        Assert.NotNull(session);
        await PostAsync(client, session, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", token, null);
        return session;
    }

    private static async Task<(string? Session, string Body)> PostAsync(HttpClient client, string? session, string json, CancellationToken token, string? traceparent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        }
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }
        using var response = await client.SendAsync(request, token);
        var body = await response.Content.ReadAsStringAsync(token);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{response.StatusCode}: {body}");
        return (response.Headers.TryGetValues("Mcp-Session-Id", out var values) ? values.First() : session, body);
    }
}
