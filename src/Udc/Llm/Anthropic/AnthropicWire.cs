using System.Text.Json;
using System.Text.Json.Serialization;

namespace Udc.Llm.Anthropic;

// The Messages API wire format: POST {base}/v1/messages with the anthropic-version header. Field names are the
// API's, in snake_case through AnthropicJsonContext; null fields are left out.

internal sealed class AnthropicRequest
{
    public required string Model { get; init; }

    /// <summary>Required by the API.</summary>
    public required int MaxTokens { get; init; }

    public string? System { get; init; }

    public required List<AnthropicMessage> Messages { get; init; }

    public List<AnthropicTool>? Tools { get; init; }

    public AnthropicToolChoice? ToolChoice { get; init; }

    public double? Temperature { get; init; }
}

internal sealed class AnthropicMessage
{
    /// <summary><c>user</c> or <c>assistant</c>; tool results travel in a <c>user</c> message.</summary>
    public required string Role { get; init; }

    public required List<AnthropicBlock> Content { get; init; }
}

/// <summary>
/// A content block: <c>text</c>, <c>tool_use</c> (from the model) or <c>tool_result</c> (from UDC). Fields of
/// other block types (thinking blocks and their signatures) are kept in <see cref="Extra"/> so a reply can be
/// sent back exactly as it came.
/// </summary>
internal sealed class AnthropicBlock
{
    public required string Type { get; init; }

    public string? Text { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public JsonElement? Input { get; init; }

    public string? ToolUseId { get; init; }

    public string? Content { get; init; }

    public bool? IsError { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class AnthropicTool
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required JsonElement InputSchema { get; init; }
}

internal sealed class AnthropicToolChoice
{
    /// <summary><c>auto</c> while tools may be called, <c>none</c> on the round that must answer.</summary>
    public required string Type { get; init; }
}

internal sealed class AnthropicResponse
{
    public string? Id { get; init; }

    public string? Type { get; init; }

    public string? Role { get; init; }

    public string? Model { get; init; }

    public List<AnthropicBlock>? Content { get; init; }

    /// <summary><c>end_turn</c>, <c>tool_use</c>, <c>max_tokens</c>, <c>stop_sequence</c>, <c>pause_turn</c> or <c>refusal</c>.</summary>
    public string? StopReason { get; init; }

    public AnthropicUsage? Usage { get; init; }
}

internal sealed class AnthropicUsage
{
    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long? CacheCreationInputTokens { get; init; }

    public long? CacheReadInputTokens { get; init; }
}

internal sealed class AnthropicErrorResponse
{
    public string? Type { get; init; }

    public AnthropicError? Error { get; init; }
}

internal sealed class AnthropicError
{
    public string? Type { get; init; }

    public string? Message { get; init; }
}
