using System.Text.Json;
using Udc.Llm;

namespace Udc.Features.Assistant;

/// <summary>One tool call as the response records it: what was called, with which arguments, and what it returned.</summary>
/// <param name="Arguments">The parsed arguments; null when the model's were not a JSON object (then <paramref name="RawArguments"/> is recorded).</param>
internal sealed record ToolCallRecord(string ToolName, JsonElement? Arguments, string RawArguments, byte[] Result, bool IsError);

/// <summary>Who answered: the fast path, a model, or nobody (no model was allowed or configured).</summary>
internal enum ResolvedBy
{
    FastPath,
    Llm,
    None,
}

/// <summary>Everything the response to <c>POST /assistant/query</c> says.</summary>
internal sealed record AssistantAnswer(string? Provider, string? Model, string Answer, IReadOnlyList<ToolCallRecord> ToolCalls, LlmUsage Usage, ResolvedBy ResolvedBy);
