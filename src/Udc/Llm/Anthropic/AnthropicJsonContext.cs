using System.Text.Json.Serialization;

namespace Udc.Llm.Anthropic;

/// <summary>The Messages API types, source-generated: snake_case names, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AnthropicRequest))]
[JsonSerializable(typeof(AnthropicResponse))]
[JsonSerializable(typeof(AnthropicErrorResponse))]
internal sealed partial class AnthropicJsonContext : JsonSerializerContext;
