using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Tools;

/// <summary>
/// Where a result that a token budget or a page cut short goes on: the tool, the source, the call's own query
/// arguments, and a position. It travels as opaque base64url JSON. Nothing in it is trusted: the arguments are read
/// and validated again like any call's, so a forged cursor can only ask what a call could ask anyway.
/// </summary>
/// <param name="Query">The arguments that say what to match and show (filters, sort, fields...), as the call gave them.</param>
/// <param name="Page">The 1-based page a query continues on; 0 where there are no pages.</param>
/// <param name="Skip">Items of that page (or of the whole list) already returned.</param>
internal sealed record ToolCursor(string Tool, string? Source, IReadOnlyDictionary<string, JsonElement> Query, int Page, int Skip)
{
    /// <summary>A cursor holds at most a query's worth of arguments; 16 KiB is far beyond any honest one.</summary>
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
            writer.WriteStartObject("q"u8);
            foreach (var (name, value) in Query)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
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
            || !root.TryGetProperty("q"u8, out var query) || query.ValueKind != JsonValueKind.Object
            || !TryPosition(root, "p"u8, out var page) || !TryPosition(root, "k"u8, out var skip))
        {
            return null;
        }
        string? source = null;
        if (root.TryGetProperty("s"u8, out var sourceElement))
        {
            source = sourceElement.GetString();
        }
        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in query.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }
        return new ToolCursor(tool.GetString()!, source, arguments, page, skip);
    }

    private static bool TryPosition(JsonElement root, ReadOnlySpan<byte> name, out int value)
    {
        value = 0;
        return root.TryGetProperty(name, out var element) && element.TryGetInt32(out value) && value is >= 0 and <= MaxPosition;
    }
}
