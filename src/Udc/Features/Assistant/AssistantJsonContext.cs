using System.Text.Json.Serialization;

namespace Udc.Features.Assistant;

/// <summary>
/// The assistant's request bodies, source-generated. Unknown fields are refused, so a misspelt
/// <c>max_tool_round</c> is a 422 that names it rather than a setting silently ignored.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(AssistantQueryRequest))]
[JsonSerializable(typeof(StoreKeyRequest))]
internal sealed partial class AssistantJsonContext : JsonSerializerContext;
