using System.Buffers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Mcp.Catalog;
using Udc.Tools;

namespace Udc.Mcp.Http;

/// <summary>
/// Answers one plain <c>tools/call</c> POST as a single <c>application/json</c> response (the Streamable HTTP
/// transport lets a server answer a request with JSON instead of an event stream), through the same
/// <see cref="CatalogTool"/> the SDK calls. The SDK would queue the request to the session's message loop, flush the
/// headers, copy the result through a JSON tree and frame it as an event; that was most of a call's cost
/// (bench/RESULTS.md). Only a call the SDK would serve as it is gets answered here: a known tool, on a live session
/// of the same caller with that session's protocol version, or on 2026-07-28 with exactly that revision's headers
/// and <c>_meta</c>. Everything else (initialize, notifications, other methods, GET, DELETE, unknown or foreign
/// sessions, progress tokens, anything unusual) reaches the SDK untouched, which answers it as it always has.
/// Keys, policies, quotas, rate limits and the audit run before this, as for every route.
/// </summary>
internal sealed partial class McpToolCallShortcut(RequestDelegate next, McpSessions sessions, CatalogPrimitives primitives, McpToolCallAnswer answers, ILogger<McpToolCallShortcut> logger)
{
    /// <summary>A tool call's arguments fit in a few hundred bytes; a body over 64 KiB goes to the SDK unread.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    private const string CanonicalAccept = "application/json, text/event-stream";
    private const string CanonicalAcceptReversed = "text/event-stream, application/json";

    /// <summary>The revision served without sessions, whose requests carry their own metadata.</summary>
    private const string StatelessRevision = "2026-07-28";

    /// <summary>The transport's header names (the SDK keeps its own list internal).</summary>
    private static class Headers
    {
        public const string SessionId = "Mcp-Session-Id";
        public const string ProtocolVersion = "MCP-Protocol-Version";
        public const string Method = "Mcp-Method";
        public const string Name = "Mcp-Name";
        public const string ParamPrefix = "Mcp-Param-";
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || request.ContentLength is not (> 0 and <= MaxBodyBytes)
            || request.Path.Value != McpEndpoint.Path || !IsPlainJsonPost(request))
        {
            await ToSdkAsync(context);
            return;
        }
        var length = (int)request.ContentLength.Value;
        var body = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await request.Body.ReadExactlyAsync(body.AsMemory(0, length), context.RequestAborted);
            if (!await TryAnswerAsync(context, body.AsMemory(0, length)))
            {
                request.Body = new MemoryStream(body, 0, length, writable: false);
                await ToSdkAsync(context);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private async Task ToSdkAsync(HttpContext context)
    {
        await next(context);
        // The SDK renews a session's idle clock on each request it serves; so does the record here.
        if (context.Features.Get<McpServer>() is { SessionId: { Length: > 0 } id })
        {
            sessions.SdkTouched(id);
        }
    }

    private async Task<bool> TryAnswerAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, McpToolCall.DocumentOptions);
        }
        catch (JsonException)
        {
            return false;
        }
        using (document)
        {
            var headers = context.Request.Headers;
            var revision = headers[Headers.ProtocolVersion].ToString();
            var stateless = revision == StatelessRevision;
            if (!McpToolCall.TryRead(document.RootElement, stateless, out var call)
                || !primitives.Tools.TryGetPrimitive(call.Name, out var primitive) || primitive is not CatalogTool tool)
            {
                return false;
            }
            string? sessionId = null;
            if (stateless)
            {
                if (!IsPlainStatelessCall(headers, call, revision))
                {
                    return false;
                }
            }
            else
            {
                sessionId = headers[Headers.SessionId].ToString();
                if (sessionId.Length == 0 || !sessions.TryGetServable(sessionId, context.User, out var server)
                    || server.NegotiatedProtocolVersion is not { } negotiated || revision != negotiated)
                {
                    return false;
                }
            }
            ToolResult? result = null;
            try
            {
                result = await tool.RunAsync(context.User, context.RequestServices, call.Arguments);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogToolFailed(logger, e, tool.Name);
            }
            if (sessionId is not null)
            {
                context.Response.Headers[Headers.SessionId] = sessionId;
            }
            context.Response.Headers.CacheControl = "no-cache,no-store";
            // A tool that threw gets the result the SDK makes of it.
            var answer = result is not null
                ? answers.For(call.Id, result, perRequestMeta: stateless)
                : answers.For(call.Id, new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = $"An error occurred invoking '{tool.Name}'." }] }, perRequestMeta: stateless);
            await answer.ExecuteAsync(context);
            return true;
        }
    }

    /// <summary>JSON in, and a client that takes both JSON and event streams, as the SDK requires of every POST.</summary>
    private static bool IsPlainJsonPost(HttpRequest request)
    {
        // The headers every client library sends, checked without parsing them.
        if (request.ContentType is "application/json" or "application/json; charset=utf-8"
            && request.Headers.Accept is [CanonicalAccept or CanonicalAcceptReversed])
        {
            return true;
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }
        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MatchesMediaType("application/json")) && accept.Any(a => a.MatchesMediaType("text/event-stream"));
    }

    /// <summary>
    /// A 2026-07-28 call as its transport requires it and nothing more: no session header, <c>Mcp-Method</c> and
    /// <c>Mcp-Name</c> equal to the body's, no <c>Mcp-Param-*</c> headers, and plain per-request metadata.
    /// </summary>
    private static bool IsPlainStatelessCall(IHeaderDictionary headers, McpToolCall call, string revision)
    {
        if (headers.ContainsKey(Headers.SessionId) || headers[Headers.Method] != RequestMethods.ToolsCall
            || headers[Headers.Name] != call.Name)
        {
            return false;
        }
        foreach (var header in headers)
        {
            if (header.Key.StartsWith(Headers.ParamPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return call.HasPlainMeta(revision);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "MCP tool {Tool} failed")]
    private static partial void LogToolFailed(ILogger logger, Exception exception, string tool);
}
