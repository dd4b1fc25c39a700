using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Hosting;

namespace Udc.Mcp.Http;

/// <summary>
/// The JSON-RPC response to a <c>tools/call</c>, byte for byte what the SDK puts in its server-sent event
/// (<c>{"result":…,"id":…,"jsonrpc":"2.0"}</c>, written with the SDK's own contracts and escaping), sent as one
/// <c>application/json</c> body through <see cref="JsonResponse"/>.
/// </summary>
internal sealed class McpToolCallAnswer
{
    /// <summary>What the SDK adds to a 2026-07-28 result: it is complete (no input round trip) ...</summary>
    private const string CompleteResult = "complete";

    private static readonly JsonTypeInfo<CallToolResult> s_result = (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));
    private static readonly JsonTypeInfo<RequestId> s_id = (JsonTypeInfo<RequestId>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(RequestId));
    private static readonly JsonTypeInfo<Implementation> s_implementation = (JsonTypeInfo<Implementation>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Implementation));

    /// <summary>The SDK writes its messages with its options' encoder, which escapes quotes in text as <c>\u0022</c>.</summary>
    private static readonly JsonWriterOptions s_sdkWriter = new() { Encoder = McpJsonUtilities.DefaultOptions.Encoder, SkipValidation = true };

    /// <summary>... and names the server in <c>_meta</c>, after every other member.</summary>
    private readonly byte[] _serverInfoMeta;

    public McpToolCallAnswer(Microsoft.Extensions.Options.IOptions<McpServerOptions> options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_sdkWriter))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(MetaKeys.ServerInfo);
            JsonSerializer.Serialize(writer, options.Value.ServerInfo!, s_implementation);
            writer.WriteEndObject();
        }
        _serverInfoMeta = [.. ",\"_meta\":"u8, .. buffer.WrittenSpan, .. "}"u8];
    }

    /// <summary>The response for <paramref name="id"/>; <paramref name="perRequestMeta"/> on the 2026-07-28 revision.</summary>
    public JsonResponse For(RequestId id, CallToolResult result, bool perRequestMeta)
    {
        if (perRequestMeta)
        {
            result.ResultType ??= CompleteResult;
        }
        var body = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(body, s_sdkWriter))
        {
            JsonSerializer.Serialize(writer, result, s_result);
        }
        var written = body.WrittenMemory;
        var meta = perRequestMeta ? _serverInfoMeta : null;
        var idJson = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(idJson, s_sdkWriter))
        {
            JsonSerializer.Serialize(writer, id, s_id);
        }
        return new JsonResponse(StatusCodes.Status200OK, writer => Envelope(writer, written.Span, meta, idJson.WrittenSpan));
    }

    private static void Envelope(Utf8JsonWriter writer, ReadOnlySpan<byte> result, byte[]? meta, ReadOnlySpan<byte> id)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("result"u8);
        if (meta is null)
        {
            writer.WriteRawValue(result, skipInputValidation: true);
        }
        else
        {
            // The SDK appends _meta to the finished result object: the same bytes with the last '}' moved past it.
            var joined = ArrayPool<byte>.Shared.Rent(result.Length + meta.Length);
            result[..^1].CopyTo(joined);
            meta.CopyTo(joined.AsSpan(result.Length - 1));
            writer.WriteRawValue(joined.AsSpan(0, result.Length - 1 + meta.Length), skipInputValidation: true);
            ArrayPool<byte>.Shared.Return(joined);
        }
        writer.WritePropertyName("id"u8);
        writer.WriteRawValue(id, skipInputValidation: true);
        writer.WriteString("jsonrpc"u8, "2.0");
        writer.WriteEndObject();
    }
}
