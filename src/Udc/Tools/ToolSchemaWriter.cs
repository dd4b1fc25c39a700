using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Tools;

/// <summary>
/// Writes tool parameters as a JSON Schema object: <c>type</c>, <c>properties</c>, <c>required</c> and
/// <c>additionalProperties: false</c>. Only keywords that OpenAI, Anthropic and Gemini's
/// <c>parametersJsonSchema</c> all accept are used: no <c>$ref</c>, no <c>oneOf</c>, no type unions.
/// </summary>
internal static class ToolSchemaWriter
{
    public static JsonElement ToElement(IReadOnlyList<ToolParameter> parameters)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            WriteObject(writer, parameters);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteObject(Utf8JsonWriter writer, IReadOnlyList<ToolParameter> properties, string? description = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "object"u8);
        if (description is not null)
        {
            writer.WriteString("description"u8, description);
        }
        writer.WriteStartObject("properties"u8);
        foreach (var parameter in properties)
        {
            writer.WritePropertyName(parameter.Name);
            WriteParameter(writer, parameter);
        }
        writer.WriteEndObject();
        var required = properties.Where(p => p.Required).ToList();
        if (required.Count > 0)
        {
            writer.WriteStartArray("required"u8);
            foreach (var parameter in required)
            {
                writer.WriteStringValue(parameter.Name);
            }
            writer.WriteEndArray();
        }
        writer.WriteBoolean("additionalProperties"u8, false);
        writer.WriteEndObject();
    }

    private static void WriteParameter(Utf8JsonWriter writer, ToolParameter parameter)
    {
        if (parameter.Type == ToolValueType.Object)
        {
            WriteObject(writer, parameter.Properties ?? [], parameter.Description);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("type"u8, TypeName(parameter.Type));
        writer.WriteString("description"u8, parameter.Description);
        if (parameter.Enum is { Count: > 0 } values)
        {
            writer.WriteStartArray("enum"u8);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }
            writer.WriteEndArray();
        }
        if (parameter.Minimum is { } minimum)
        {
            writer.WriteNumber("minimum"u8, minimum);
        }
        if (parameter.Maximum is { } maximum)
        {
            writer.WriteNumber("maximum"u8, maximum);
        }
        if (parameter.MaxLength is { } maxLength)
        {
            writer.WriteNumber("maxLength"u8, maxLength);
        }
        if (parameter.Items is { } items)
        {
            writer.WritePropertyName("items"u8);
            WriteParameter(writer, items);
        }
        if (parameter.MaxItems is { } maxItems)
        {
            writer.WriteNumber("maxItems"u8, maxItems);
        }
        writer.WriteEndObject();
    }

    public static string TypeName(ToolValueType type) => type switch
    {
        ToolValueType.String => "string",
        ToolValueType.Integer => "integer",
        ToolValueType.Number => "number",
        ToolValueType.Boolean => "boolean",
        ToolValueType.Array => "array",
        _ => "object",
    };
}
