using System.Text.Json;

namespace Udc.Llm.OpenAi;

// The Chat Completions wire format: POST {base}/chat/completions. Field names are the API's, in snake_case
// through OpenAiJsonContext; null fields are left out, so optional ones are sent only when set.

internal sealed class OpenAiRequest
{
    public required string Model { get; init; }

    public required List<OpenAiMessage> Messages { get; init; }

    public List<OpenAiTool>? Tools { get; init; }

    /// <summary><c>auto</c> while tools may be called, <c>none</c> on the round that must answer.</summary>
    public string? ToolChoice { get; init; }

    public double? Temperature { get; init; }

    /// <summary>OpenAI's current name for the output limit.</summary>
    public int? MaxCompletionTokens { get; init; }

    /// <summary>The older name, which OpenAI-compatible servers (Ollama, vLLM, LM Studio) read.</summary>
    public int? MaxTokens { get; init; }
}

internal sealed class OpenAiMessage
{
    /// <summary><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    public required string Role { get; init; }

    public string? Content { get; init; }

    public List<OpenAiToolCall>? ToolCalls { get; init; }

    /// <summary>On a <c>tool</c> message: the call it answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>On a reply: why the model declined, instead of content.</summary>
    public string? Refusal { get; init; }
}

internal sealed class OpenAiToolCall
{
    public string? Id { get; init; }

    public string Type { get; init; } = "function";

    public required OpenAiFunctionCall Function { get; init; }
}

internal sealed class OpenAiFunctionCall
{
    public required string Name { get; init; }

    /// <summary>A JSON object as a string, as the API sends it; it may be malformed.</summary>
    public string? Arguments { get; init; }
}

internal sealed class OpenAiTool
{
    public string Type { get; init; } = "function";

    public required OpenAiFunction Function { get; init; }
}

internal sealed class OpenAiFunction
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required JsonElement Parameters { get; init; }
}

internal sealed class OpenAiResponse
{
    public string? Id { get; init; }

    public string? Model { get; init; }

    public List<OpenAiChoice>? Choices { get; init; }

    public OpenAiUsage? Usage { get; init; }
}

internal sealed class OpenAiChoice
{
    public int Index { get; init; }

    public OpenAiMessage? Message { get; init; }

    public string? FinishReason { get; init; }
}

internal sealed class OpenAiUsage
{
    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public long TotalTokens { get; init; }
}

internal sealed class OpenAiErrorResponse
{
    public OpenAiError? Error { get; init; }
}

internal sealed class OpenAiError
{
    public string? Message { get; init; }

    public string? Type { get; init; }
}
