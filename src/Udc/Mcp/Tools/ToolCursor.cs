using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Udc.Engine.Columns;

namespace Udc.Mcp.Tools;

/// <summary>
/// Where a result that a token budget or a page cut short goes on: the tool, the source, the call's query as
/// <c>/data</c> parameters, and a position. It travels as opaque base64url JSON. Nothing in it is trusted: the
/// query is validated again like any call, so a forged cursor can only ask what a call could ask anyway.
/// </summary>
/// <param name="Page">The 1-based page a query continues on; 0 where there are no pages.</param>
/// <param name="Skip">Items of that page (or of the whole list) already returned.</param>
internal sealed record ToolCursor(string Tool, string? Source, IReadOnlyList<KeyValuePair<string, StringValues>> Parameters, int Page, int Skip)
{
    /// <summary>A cursor holds at most a query's worth of parameters; 16 KiB is far beyond any honest one.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Positions past a million items are past any page or group list UDC returns.</summary>
    private const int MaxPosition = 1_000_000;

    public string Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("t"u8, Tool);
            if (Source is not null)
            {
                writer.WriteString("s"u8, Source);
            }
            writer.WriteStartArray("q"u8);
            foreach (var (name, values) in Parameters)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(name);
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteNumber("p"u8, Page);
            writer.WriteNumber("k"u8, Skip);
            writer.WriteEndObject();
        }
        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>Reads a cursor; null when it is not one UDC wrote (the caller says how to start over).</summary>
    public static ToolCursor? Decode(string text)
    {
        if (text.Length == 0 || text.Length > MaxLength)
        {
            return null;
        }
        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static ToolCursor? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("t"u8, out var tool) || tool.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("q"u8, out var query) || query.ValueKind != JsonValueKind.Array
            || !TryPosition(root, "p"u8, out var page) || !TryPosition(root, "k"u8, out var skip))
        {
            return null;
        }
        string? source = null;
        if (root.TryGetProperty("s"u8, out var sourceElement))
        {
            source = sourceElement.GetString();
        }
        var parameters = new List<KeyValuePair<string, StringValues>>();
        foreach (var item in query.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() < 1)
            {
                return null;
            }
            var parts = item.EnumerateArray().Select(p => p.GetString() ?? throw new InvalidOperationException("null in cursor")).ToArray();
            parameters.Add(new(parts[0], new StringValues(parts[1..])));
        }
        return new ToolCursor(tool.GetString()!, source, parameters, page, skip);
    }

    private static bool TryPosition(JsonElement root, ReadOnlySpan<byte> name, out int value)
    {
        value = 0;
        return root.TryGetProperty(name, out var element) && element.TryGetInt32(out value) && value is >= 0 and <= MaxPosition;
    }
}
