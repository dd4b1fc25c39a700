using Udc.Llm;
using Udc.Observability;
using Udc.Tools;

namespace Udc.Features.Assistant;

/// <summary>
/// The model's turns: it may call several tools per turn, over up to <c>max_tool_rounds</c> rounds; then it is
/// asked once more with tools switched off and must answer. An unknown tool or bad arguments go back to the
/// model as an error result it can correct.
/// </summary>
internal sealed class AssistantToolLoop(ToolRunner runner, LlmSettings settings)
{
    public async Task<AssistantAnswer> RunAsync(ILlmClient client, string model, string? apiKey, double temperature, int maxRounds,
        LlmConversation conversation, ToolSet tools, ToolCaller caller, LlmDeadline deadline)
    {
        var records = new List<ToolCallRecord>();
        var usage = default(LlmUsage);
        string? reportedModel = null;
        for (var round = 0; ; round++)
        {
            var toolsAllowed = round < maxRounds;
            var call = new LlmCall(model, apiKey, temperature, settings.MaxOutputTokens, conversation, tools, toolsAllowed, deadline);
            using var modelCall = ModelCallTelemetry.Start(client.Provider.ToWireName(), model);
            var reply = await client.CompleteAsync(call, deadline.Token);
            modelCall.Complete(reply.Model, reply.Usage.PromptTokens, reply.Usage.CompletionTokens, reply.StopReason);
            usage += reply.Usage;
            reportedModel = reply.Model ?? reportedModel;
            if (reply.ToolCalls.Count == 0 || !toolsAllowed)
            {
                var text = SpeakableText.Plain(reply.Text);
                if (text.Length == 0)
                {
                    text = "I could not find an answer to that in the data.";
                }
                return new AssistantAnswer(client.Provider.ToWireName(), reportedModel ?? model, text, records, usage, ResolvedBy.Llm);
            }
            var results = new List<LlmToolResult>(reply.ToolCalls.Count);
            foreach (var toolCall in reply.ToolCalls)
            {
                using var observed = ToolCallTelemetry.Start(toolCall.Name, ToolCallTelemetry.SourceOf(toolCall.Arguments ?? default), caller.Identity?.KeyId, ToolSurface.Model);
                var outcome = await CallAsync(tools, toolCall, caller);
                observed.Complete(outcome.IsError, outcome.ErrorCode);
                records.Add(new ToolCallRecord(toolCall.Name, toolCall.Arguments, toolCall.RawArguments, outcome.Json, outcome.IsError));
                results.Add(new LlmToolResult(toolCall.Id, toolCall.Name, outcome.ForModel(), outcome.IsError));
            }
            conversation.Exchanges.Add(new LlmExchange(reply, results));
        }
    }

    /// <summary>The call through the one tool runner; arguments that were not a JSON object go back as the error they are.</summary>
    private ValueTask<ToolResult> CallAsync(ToolSet tools, LlmToolCall toolCall, ToolCaller caller)
    {
        if (toolCall.Arguments is not { } arguments)
        {
            return tools.Find(toolCall.Name) is null
                ? runner.CallAsync(tools, toolCall.Name, null, caller)
                : ValueTask.FromResult(ToolRunner.Error(Hosting.ErrorCodes.Validation, $"Invalid arguments for {toolCall.Name}: {toolCall.ArgumentError}."));
        }
        var values = ToolRunner.ObjectOf(arguments, out var error);
        return error is not null ? ValueTask.FromResult(error) : runner.CallAsync(tools, toolCall.Name, values, caller);
    }
}
