using System.Buffers;
using System.Text.Json;
using Udc.Engine.Columns;

namespace Udc.Tools.Schema;

/// <summary>
/// Writes a <see cref="SchemaNode"/> for one <see cref="SchemaProfile"/>. For the subset profiles, an object's
/// <c>anyOf</c> of object branches (filters, one branch per source) becomes one object with every branch's
/// properties, and <c>patternProperties</c> becomes an open object whose description already names the keys.
/// </summary>
internal static class SchemaWriter
{
    public static JsonElement ToElement(SchemaNode node, SchemaProfile profile)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            Write(writer, node, profile);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static void Write(Utf8JsonWriter writer, SchemaNode node, SchemaProfile profile)
    {
        if (!profile.IsFull() && node is { Type: "object", AnyOf: { Count: > 0 } branches } && branches.All(b => b.Type == "object"))
        {
            node = Merge(node, branches);
        }
        writer.WriteStartObject();
        if (node.Type is { } type)
        {
            writer.WriteString("type"u8, type);
        }
        if (node.Title is { } title && profile != SchemaProfile.Gemini)
        {
            writer.WriteString("title"u8, title);
        }
        if (node.Description is { } description)
        {
            writer.WriteString("description"u8, description);
        }
        if (node.Enum is { Count: > 0 } values)
        {
            writer.WriteStartArray("enum"u8);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }
            writer.WriteEndArray();
        }
        WriteNumber(writer, "minimum"u8, node.Minimum);
        WriteNumber(writer, "maximum"u8, node.Maximum);
        WriteNumber(writer, "minLength"u8, node.MinLength);
        WriteNumber(writer, "maxLength"u8, node.MaxLength);
        if (profile != SchemaProfile.Gemini)
        {
            WriteNumber(writer, "default"u8, node.Default);
        }
        if (node.Items is { } items)
        {
            writer.WritePropertyName("items"u8);
            Write(writer, items, profile);
        }
        WriteNumber(writer, "minItems"u8, node.MinItems);
        WriteNumber(writer, "maxItems"u8, node.MaxItems);
        WriteObject(writer, node, profile);
        if (node.AnyOf is { Count: > 0 } anyOf)
        {
            writer.WriteStartArray("anyOf"u8);
            foreach (var branch in anyOf)
            {
                Write(writer, branch, profile);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter writer, SchemaNode node, SchemaProfile profile)
    {
        if (node.Properties is { } properties)
        {
            writer.WriteStartObject("properties"u8);
            foreach (var property in properties)
            {
                writer.WritePropertyName(property.Name);
                Write(writer, property.Node, profile);
            }
            writer.WriteEndObject();
            var required = properties.Where(p => p.Required).ToList();
            if (required.Count > 0)
            {
                writer.WriteStartArray("required"u8);
                foreach (var property in required)
                {
                    writer.WriteStringValue(property.Name);
                }
                writer.WriteEndArray();
            }
        }
        var patterns = node.PatternProperties is { Count: > 0 } p ? p : null;
        if (patterns is not null && profile.IsFull())
        {
            writer.WriteStartObject("patternProperties"u8);
            foreach (var (pattern, patternNode) in patterns)
            {
                writer.WritePropertyName(pattern);
                Write(writer, patternNode, profile);
            }
            writer.WriteEndObject();
        }
        // Where pattern keys cannot be described, the object stays open and the description names the keys.
        if (node.ClosedObject && (patterns is null || profile.IsFull()))
        {
            writer.WriteBoolean("additionalProperties"u8, false);
        }
    }

    /// <summary>One object with every branch's properties, each name once (the first branch that has it describes it).</summary>
    private static SchemaNode Merge(SchemaNode node, IReadOnlyList<SchemaNode> branches)
    {
        var properties = new List<SchemaProperty>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var patterns = new List<(string, SchemaNode)>();
        foreach (var branch in branches)
        {
            foreach (var property in branch.Properties ?? [])
            {
                if (seen.Add(property.Name))
                {
                    properties.Add(property with { Required = false });
                }
            }
            patterns.AddRange(branch.PatternProperties ?? []);
        }
        return node with
        {
            AnyOf = null,
            Properties = [.. node.Properties ?? [], .. properties],
            PatternProperties = [.. node.PatternProperties ?? [], .. patterns],
            ClosedObject = node.ClosedObject || branches.All(b => b.ClosedObject),
        };
    }

    private static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
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

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
