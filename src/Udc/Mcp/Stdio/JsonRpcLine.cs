using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Hosting;

namespace Udc.Mcp.Stdio;

/// <summary>
/// Checks one stdio line before the SDK reads it. The SDK logs and drops a line it cannot parse, so a client
/// that sent it would wait forever; JSON-RPC asks for an error response instead, which this provides.
/// </summary>
internal static class JsonRpcLine
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;

    /// <summary>The error to answer the line with, or null when it is a JSON-RPC message for the SDK.</summary>
    public static byte[]? Check(ReadOnlySpan<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            return Error(ParseError, $"Parse error: the line is {JsonBodyIssue.Syntax(e)}", default);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Error(InvalidRequest, "Invalid Request: a message is one JSON object per line (batches are not part of MCP)", default);
            }
            var hasId = root.TryGetProperty("id"u8, out var id);
            var validId = hasId && id.ValueKind is JsonValueKind.String or JsonValueKind.Number;
            var echo = validId ? id : default;
            if (!root.TryGetProperty("jsonrpc"u8, out var version) || version.ValueKind != JsonValueKind.String || !version.ValueEquals("2.0"u8))
            {
                return Error(InvalidRequest, "Invalid Request: \"jsonrpc\" must be \"2.0\"", echo);
            }
            if (root.TryGetProperty("method"u8, out var method))
            {
                return method.ValueKind != JsonValueKind.String ? Error(InvalidRequest, "Invalid Request: \"method\" must be a string", echo)
                    : hasId && !validId ? Error(InvalidRequest, "Invalid Request: \"id\" must be a string or a number", default)
                    : null;
            }
            return validId && (root.TryGetProperty("result"u8, out _) || root.TryGetProperty("error"u8, out _))
                ? null
                : Error(InvalidRequest, "Invalid Request: a message needs a \"method\", or an \"id\" with a \"result\" or \"error\"", echo);
        }
    }

    public static byte[] TooLong(int maxBytes) => Error(InvalidRequest, $"Invalid Request: a message is at most {maxBytes} bytes; the rest of the line is skipped", default);

    private static byte[] Error(int code, string message, JsonElement id)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0");
            writer.WritePropertyName("id"u8);
            if (id.ValueKind == JsonValueKind.Undefined)
            {
                writer.WriteNullValue();
            }
            else
            {
                id.WriteTo(writer);
            }
            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, code);
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
