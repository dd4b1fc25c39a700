using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Mcp.Http;

/// <summary>
/// Rejects <c>/mcp</c> requests with a foreign <c>Origin</c> or an unknown <c>Host</c> with 403 and a
/// JSON-RPC error, before the SDK sees them, as the MCP transport specification requires.
/// </summary>
internal sealed partial class McpRequestGuard(RequestDelegate next, McpSecurityOptions options, ILogger<McpRequestGuard> logger)
{
    /// <summary>JSON-RPC's implementation-defined server error, as the SDK uses for transport-level refusals.</summary>
    private const int ServerErrorCode = -32000;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var host = request.Host.Host;
        if (!options.IsAllowedHost(host))
        {
            LogRejected(logger, "Host", Clip(host));
            return ForbidAsync(context, $"Forbidden: host '{host}' is not allowed. Use 127.0.0.1 or localhost, or list the name in {McpSecurityOptions.AllowedHostsVariable}.");
        }
        var origin = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : null;
        if (!options.IsAllowedOrigin(origin, request.Scheme, request.Host.Value ?? ""))
        {
            LogRejected(logger, "Origin", Clip(origin!));
            return ForbidAsync(context, $"Forbidden: origin '{origin}' is not allowed. Pages on this machine are; list other origins in {McpSecurityOptions.AllowedOriginsVariable}.");
        }
        return next(context);
    }

    private static async Task ForbidAsync(HttpContext context, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0");
            writer.WriteNull("id"u8);
            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, ServerErrorCode);
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP request refused: {Header} '{Value}' is not allowed")]
    private static partial void LogRejected(ILogger logger, string header, string value);
}
