using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Udc.Hosting;
using Udc.Mcp.Catalog;
using Udc.Tools;

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

    /// <summary>... and names the server in <c>_meta</c>, after every other member.</summary>
    private readonly byte[] _serverInfoMeta;

    public McpToolCallAnswer(Microsoft.Extensions.Options.IOptions<McpServerOptions> options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, McpToolResults.SdkWriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(MetaKeys.ServerInfo);
            JsonSerializer.Serialize(writer, options.Value.ServerInfo!, s_implementation);
            writer.WriteEndObject();
        }
        _serverInfoMeta = [.. ",\"_meta\":"u8, .. buffer.WrittenSpan, .. "}"u8];
    }

    /// <summary>The response to a call that ran: <see cref="McpToolResults"/> writes the result.</summary>
    public JsonResponse For(RequestId id, ToolResult result, bool perRequestMeta) =>
        For(id, perRequestMeta, writer => McpToolResults.Write(writer, result, perRequestMeta ? CompleteResult : null));

    /// <summary>The response with a result made here (the SDK's result for a tool that threw).</summary>
    public JsonResponse For(RequestId id, CallToolResult result, bool perRequestMeta)
    {
        if (perRequestMeta)
        {
            result.ResultType ??= CompleteResult;
        }
        return For(id, perRequestMeta, writer => JsonSerializer.Serialize(writer, result, s_result));
    }

    /// <summary>
    /// <paramref name="perRequestMeta"/> on the 2026-07-28 revision. The result is written into a per-thread buffer
    /// that <see cref="JsonResponse.ExecuteAsync"/> copies before it first yields, so the caller executes the
    /// response at once, on this thread.
    /// </summary>
    private JsonResponse For(RequestId id, bool perRequestMeta, Action<Utf8JsonWriter> writeResult)
    {
        var scratch = Scratch.Current;
        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        writeResult(scratch.Writer);
        scratch.Writer.Flush();
        var resultLength = scratch.Buffer.WrittenCount;
        scratch.Writer.Reset(scratch.Buffer);
        JsonSerializer.Serialize(scratch.Writer, id, s_id);
        scratch.Writer.Flush();
        var meta = perRequestMeta ? _serverInfoMeta : null;
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            var written = scratch.Buffer.WrittenSpan;
            Envelope(writer, written[..resultLength], meta, written[resultLength..]);
        });
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

    /// <summary>One buffer and writer per thread, with the SDK's escaping; a buffer past 1 MiB is not kept.</summary>
    private sealed class Scratch
    {
        private const int MaxRetainedBytes = 1 << 20;

        [ThreadStatic]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006", Justification = "t_ marks a thread static (dotnet/runtime naming); .editorconfig naming cannot tell thread statics from other statics.")]
        private static Scratch? t_current;

        private Scratch()
        {
            Writer = new Utf8JsonWriter(Buffer, McpToolResults.SdkWriterOptions);
        }

        public static Scratch Current
        {
            get
            {
                if (t_current is { } kept && kept.Buffer.Capacity <= MaxRetainedBytes)
                {
                    return kept;
                }
                return t_current = new Scratch();
            }
        }

        public ArrayBufferWriter<byte> Buffer { get; } = new(16 * 1024);

        public Utf8JsonWriter Writer { get; }
    }
}
