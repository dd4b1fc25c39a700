using System.Text.Json;
using System.Text.Json.Serialization;

namespace Udc.Llm.Gemini;

// The Gemini API wire format: POST {base}/v1beta/models/{model}:generateContent with the x-goog-api-key header.
// Field names are the API's, in camelCase through GeminiJsonContext; null fields are left out.

internal sealed class GeminiRequest
{
    public GeminiContent? SystemInstruction { get; init; }

    public required List<GeminiContent> Contents { get; init; }

    public List<GeminiTool>? Tools { get; init; }

    public GeminiToolConfig? ToolConfig { get; init; }

    public GeminiGenerationConfig? GenerationConfig { get; init; }
}

internal sealed class GeminiContent
{
    /// <summary><c>user</c> or <c>model</c>; function responses travel in a <c>user</c> turn.</summary>
    public string? Role { get; init; }

    public List<GeminiPart>? Parts { get; init; }
}

/// <summary>
/// One part of a turn. Fields UDC does not use (thought signatures among them) are kept in <see cref="Extra"/>,
/// so a model turn is sent back exactly as it came, as function calling with thinking models requires.
/// </summary>
internal sealed class GeminiPart
{
    public string? Text { get; init; }

    public GeminiFunctionCall? FunctionCall { get; init; }

    public GeminiFunctionResponse? FunctionResponse { get; init; }

    public bool? Thought { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class GeminiFunctionCall
{
    public string? Id { get; init; }

    public required string Name { get; init; }

    public JsonElement? Args { get; init; }
}

internal sealed class GeminiFunctionResponse
{
    /// <summary>The id of the call it answers, when the model gave one.</summary>
    public string? Id { get; init; }

    public required string Name { get; init; }

    /// <summary>An object: <c>{"output": ...}</c> for a result, <c>{"error": ...}</c> for a failure, as the API documents.</summary>
    public required JsonElement Response { get; init; }
}

internal sealed class GeminiTool
{
    public required List<GeminiFunctionDeclaration> FunctionDeclarations { get; init; }
}

internal sealed class GeminiFunctionDeclaration
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>Plain JSON Schema, so the one schema UDC writes serves Gemini as it is.</summary>
    public required JsonElement ParametersJsonSchema { get; init; }
}

internal sealed class GeminiToolConfig
{
    public required GeminiFunctionCallingConfig FunctionCallingConfig { get; init; }
}

internal sealed class GeminiFunctionCallingConfig
{
    /// <summary><c>AUTO</c> while tools may be called, <c>NONE</c> on the round that must answer.</summary>
    public required string Mode { get; init; }
}

internal sealed class GeminiGenerationConfig
{
    public double? Temperature { get; init; }

    public int? MaxOutputTokens { get; init; }
}

internal sealed class GeminiResponse
{
    public List<GeminiCandidate>? Candidates { get; init; }

    public GeminiUsageMetadata? UsageMetadata { get; init; }

    public string? ModelVersion { get; init; }

    public GeminiPromptFeedback? PromptFeedback { get; init; }
}

internal sealed class GeminiCandidate
{
    public GeminiContent? Content { get; init; }

    public string? FinishReason { get; init; }
}

internal sealed class GeminiPromptFeedback
{
    public string? BlockReason { get; init; }
}

internal sealed class GeminiUsageMetadata
{
    public long PromptTokenCount { get; init; }

    public long CandidatesTokenCount { get; init; }

    public long ThoughtsTokenCount { get; init; }

    public long TotalTokenCount { get; init; }
}

internal sealed class GeminiErrorResponse
{
    public GeminiError? Error { get; init; }
}

internal sealed class GeminiError
{
    public int Code { get; init; }

    public string? Message { get; init; }

    public string? Status { get; init; }
}
