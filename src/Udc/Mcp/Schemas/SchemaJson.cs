using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Mcp.Schemas;

/// <summary>Small writers for JSON Schema fragments, and the step from written bytes to the <see cref="JsonElement"/> the SDK takes.</summary>
internal static class SchemaJson
{
    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            write(writer);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static void Type(Utf8JsonWriter writer, string type, string? description = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        if (description is not null)
        {
            writer.WriteString("description"u8, description);
        }
        writer.WriteEndObject();
    }

    public static void StringArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    /// <summary><c>{"type": "integer", "minimum": .., "maximum": .., "default": ..}</c>.</summary>
    public static void Integer(Utf8JsonWriter writer, string name, int minimum, int maximum, int? defaultValue, string description)
    {
        writer.WriteStartObject(name);
        writer.WriteString("type"u8, "integer");
        writer.WriteNumber("minimum"u8, minimum);
        writer.WriteNumber("maximum"u8, maximum);
        if (defaultValue is { } value)
        {
            writer.WriteNumber("default"u8, value);
        }
        writer.WriteString("description"u8, description);
        writer.WriteEndObject();
    }

    /// <summary>
    /// A list of names from a known set: <c>{"type": "array", "items": {"type": "string", "enum": [...]}}</c>.
    /// An empty set leaves out the enum, which JSON Schema wants non-empty.
    /// </summary>
    public static void NameList(Utf8JsonWriter writer, string name, IReadOnlyCollection<string> names, int maxItems, string description)
    {
        writer.WriteStartObject(name);
        writer.WriteString("type"u8, "array");
        writer.WriteStartObject("items"u8);
        writer.WriteString("type"u8, "string");
        if (names.Count > 0)
        {
            StringArray(writer, "enum", names);
        }
        writer.WriteEndObject();
        writer.WriteNumber("minItems"u8, 1);
        writer.WriteNumber("maxItems"u8, maxItems);
        writer.WriteString("description"u8, description);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Escapes a column name for a <c>patternProperties</c> regular expression. Only the ECMA-262 syntax
    /// characters are escaped: in Unicode mode (which JSON Schema validators use) escaping anything else is an error.
    /// </summary>
    public static string EscapeRegex(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if ("^$\\.*+?()[]{}|/".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
