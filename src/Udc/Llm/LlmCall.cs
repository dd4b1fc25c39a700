using Udc.Tools;

namespace Udc.Llm;

/// <summary>One request to a model: the conversation so far, the tools it may call, and the caller's choices.</summary>
/// <param name="ToolsAllowed">False on the last round: the model must answer in words now.</param>
internal sealed record LlmCall(string Model, string? ApiKey, double Temperature, int MaxOutputTokens, LlmConversation Conversation, ToolSet Tools, bool ToolsAllowed, LlmDeadline Deadline);

/// <summary>A model provider over its wire format.</summary>
internal interface ILlmClient
{
    LlmProvider Provider { get; }

    Task<LlmReply> CompleteAsync(LlmCall call, CancellationToken cancellationToken);
}
