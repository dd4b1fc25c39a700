using System.Text.Json.Serialization;

namespace Udc.Llm.Gemini;

/// <summary>The Gemini API types, source-generated: camelCase names, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GeminiRequest))]
[JsonSerializable(typeof(GeminiResponse))]
[JsonSerializable(typeof(GeminiErrorResponse))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;
