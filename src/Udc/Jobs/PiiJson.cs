using System.Text.Json;

namespace Udc.Jobs;

/// <summary>Rewrites a JSON document with every string (and card-like number) cleaned by <see cref="PiiCleaner"/>; names are kept.</summary>
internal static class PiiJson
{
    /// <summary>64 levels, System.Text.Json's own default: a deeper result is refused as it would be when read.</summary>
    private const int MaxDepth = 64;

    public static byte[] Clean(JsonElement root, PiiCleaner cleaner, PiiPolicy policy)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth }))
        {
            Write(writer, root, cleaner, policy);
        }
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, PiiCleaner cleaner, PiiPolicy policy)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, cleaner, policy);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, cleaner, policy);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(cleaner.Clean(element.GetString()!, policy));
                break;
            case JsonValueKind.Number when cleaner.CleanNumber(element.GetRawText(), policy) is { } cleaned:
                if (policy == PiiPolicy.Drop)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(cleaned);
                }
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
