using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Udc.Tools;

namespace Udc.Mcp.Catalog;

/// <summary>
/// A tool result as MCP carries it: the text a model reads (the JSON fenced as untrusted data) and, for a success,
/// the same JSON as structured content for clients that read it as data. An error is a result too
/// (<c>isError</c>), with a message that says how to fix the call: a model reads it and retries, where a protocol
/// error would just fail. It has no structured content, which clients check against the output schema of answers.
/// </summary>
/// <remarks>
/// The result is written once, by <see cref="Write"/>, as the SDK writes a <see cref="CallToolResult"/> (its member
/// order and escaping). The JSON answer to a tool call over HTTP sends those bytes as they are; the SDK gets
/// <see cref="From"/>, the same bytes read back into its type.
/// </remarks>
internal static class McpToolResults
{
    /// <summary>The SDK writes its messages with its options' encoder, which escapes quotes in text as <c>\u0022</c>.</summary>
    public static readonly JsonWriterOptions SdkWriterOptions = new() { Encoder = McpJsonUtilities.DefaultOptions.Encoder, SkipValidation = true };

    private static readonly JsonTypeInfo<CallToolResult> s_result = (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    /// <summary>Unescaped names and strings up to this size are copied on the stack.</summary>
    private const int StackBytes = 256;

    public static CallToolResult From(ToolResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(2 * result.Json.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer, SdkWriterOptions))
        {
            Write(writer, result, resultType: null);
        }
        return JsonSerializer.Deserialize(buffer.WrittenSpan, s_result)!;
    }

    /// <summary>The result as the SDK serializes it; <paramref name="resultType"/> is written last when given.</summary>
    public static void Write(Utf8JsonWriter writer, ToolResult result, string? resultType)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("content"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WritePropertyName("text"u8);
        UntrustedData.WriteFenced(writer, result.Json);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (result.IsError)
        {
            writer.WriteBoolean("isError"u8, true);
        }
        else
        {
            writer.WritePropertyName("structuredContent"u8);
            Copy(writer, result.Json);
        }
        if (resultType is not null)
        {
            writer.WriteString("resultType"u8, resultType);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// The JSON token by token, names and strings unescaped and escaped again by <paramref name="writer"/>, as a
    /// <see cref="JsonElement"/> writes itself: the structured content without building a document.
    /// </summary>
    private static void Copy(Utf8JsonWriter writer, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.PropertyName:
                case JsonTokenType.String:
                    CopyText(writer, ref reader);
                    break;
                case JsonTokenType.Number:
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }
    }

    private static void CopyText(Utf8JsonWriter writer, ref Utf8JsonReader reader)
    {
        var name = reader.TokenType == JsonTokenType.PropertyName;
        if (!reader.ValueIsEscaped)
        {
            Text(writer, reader.ValueSpan, name);
            return;
        }
        var length = reader.ValueSpan.Length;
        byte[]? rented = null;
        var scratch = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var written = reader.CopyString(scratch);
        Text(writer, scratch[..written], name);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Text(Utf8JsonWriter writer, ReadOnlySpan<byte> text, bool name)
    {
        if (name)
        {
            writer.WritePropertyName(text);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }
}
