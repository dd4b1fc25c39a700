using System.Text.Json.Serialization;

namespace Udc.Llm.OpenAi;

/// <summary>The Chat Completions types, source-generated: snake_case names, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenAiRequest))]
[JsonSerializable(typeof(OpenAiResponse))]
[JsonSerializable(typeof(OpenAiErrorResponse))]
internal sealed partial class OpenAiJsonContext : JsonSerializerContext;
