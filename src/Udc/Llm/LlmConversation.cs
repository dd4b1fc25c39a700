using System.Text.Json;

namespace Udc.Llm;

/// <summary>
/// One question's conversation, independent of provider: the system prompt, the user's question, then each
/// model reply with the results of the tools it called. Each provider writes it in its own wire format.
/// </summary>
internal sealed class LlmConversation(string systemPrompt, string userMessage)
{
    public string SystemPrompt { get; } = systemPrompt;

    public string UserMessage { get; } = userMessage;

    public List<LlmExchange> Exchanges { get; } = [];
}

/// <summary>A model reply and the results of the tools it called, in the order it called them.</summary>
internal sealed record LlmExchange(LlmReply Reply, IReadOnlyList<LlmToolResult> Results);

/// <param name="Content">The result as the model reads it: its JSON (data and metadata, or an error envelope) fenced as untrusted data.</param>
internal sealed record LlmToolResult(string CallId, string Name, string Content, bool IsError);

/// <summary>
/// One model reply. <paramref name="ProviderMessage"/> is the provider's own message, sent back as it came in
/// the next round: Anthropic's thinking blocks and Gemini's thought signatures must be echoed unchanged.
/// </summary>
internal sealed record LlmReply(string Text, IReadOnlyList<LlmToolCall> ToolCalls, LlmUsage Usage, string? Model, object ProviderMessage, string? StopReason);

/// <param name="Arguments">The parsed arguments; null when they were not a JSON object (then <paramref name="ArgumentError"/> says why).</param>
/// <param name="RawArguments">The arguments as the model sent them, for the record.</param>
internal sealed record LlmToolCall(string Id, string Name, JsonElement? Arguments, string RawArguments, string? ArgumentError);

internal readonly record struct LlmUsage(long PromptTokens, long CompletionTokens)
{
    public long TotalTokens => PromptTokens + CompletionTokens;

    public static LlmUsage operator +(LlmUsage a, LlmUsage b) => new(a.PromptTokens + b.PromptTokens, a.CompletionTokens + b.CompletionTokens);
}
