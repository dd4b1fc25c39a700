using System.Text;
using System.Text.Json;
using Udc.Tools.Schema;

namespace Udc.Llm.Anthropic;

/// <summary>
/// Anthropic Messages with client tools: the model answers with <c>tool_use</c> blocks, and every result of one
/// turn goes back in a single <c>user</c> message of <c>tool_result</c> blocks, errors flagged with <c>is_error</c>.
/// </summary>
internal sealed class AnthropicClient(LlmTransport transport, LlmSettings settings) : ILlmClient
{
    public LlmProvider Provider => LlmProvider.Anthropic;

    public async Task<LlmReply> CompleteAsync(LlmCall call, CancellationToken cancellationToken)
    {
        var body = BuildRequest(call);
        var endpoint = LlmTransport.Endpoint(settings.Anthropic.BaseUrl!, "v1/messages");
        var response = await transport.SendAsync(LlmProvider.Anthropic, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = LlmTransport.JsonBody(body, AnthropicJsonContext.Default.AnthropicRequest) };
            request.Headers.Add("x-api-key", call.ApiKey);
            request.Headers.Add("anthropic-version", settings.AnthropicVersion);
            return request;
        }, AnthropicJsonContext.Default.AnthropicResponse, ReadError, call.ApiKey, call.Deadline);
        return ToReply(response, call.Model);
    }

    private static AnthropicRequest BuildRequest(LlmCall call)
    {
        var conversation = call.Conversation;
        var messages = new List<AnthropicMessage>
        {
            new() { Role = "user", Content = [new AnthropicBlock { Type = "text", Text = conversation.UserMessage }] },
        };
        foreach (var exchange in conversation.Exchanges)
        {
            messages.Add(new AnthropicMessage { Role = "assistant", Content = (List<AnthropicBlock>)exchange.Reply.ProviderMessage });
            if (exchange.Results.Count > 0)
            {
                messages.Add(new AnthropicMessage
                {
                    Role = "user",
                    Content = [.. exchange.Results.Select(r => new AnthropicBlock
                    {
                        Type = "tool_result",
                        ToolUseId = r.CallId,
                        Content = r.Content,
                        IsError = r.IsError ? true : null,
                    })],
                });
            }
        }
        return new AnthropicRequest
        {
            Model = call.Model,
            MaxTokens = call.MaxOutputTokens,
            System = conversation.SystemPrompt,
            Messages = messages,
            Tools = [.. call.Tools.Definitions.Select(d => new AnthropicTool { Name = d.Name, Description = d.Description, InputSchema = d.SchemaFor(SchemaProfile.Anthropic) })],
            ToolChoice = new AnthropicToolChoice { Type = call.ToolsAllowed ? "auto" : "none" },
            Temperature = call.Temperature,
        };
    }

    private static LlmReply ToReply(AnthropicResponse response, string requestedModel)
    {
        var blocks = response.Content ?? throw new LlmException(LlmFailure.Upstream, "The anthropic provider returned a message without content.");
        var text = new StringBuilder();
        var calls = new List<LlmToolCall>();
        foreach (var block in blocks)
        {
            switch (block.Type)
            {
                case "text":
                    text.Append(block.Text);
                    break;
                case "tool_use":
                    var input = block.Input;
                    var raw = input?.GetRawText() ?? "";
                    calls.Add(input is { ValueKind: JsonValueKind.Object } arguments
                        ? new LlmToolCall(block.Id ?? "", block.Name ?? "", arguments, raw, null)
                        : new LlmToolCall(block.Id ?? "", block.Name ?? "", null, raw, "input must be a JSON object"));
                    break;
            }
        }
        var usage = response.Usage is { } u
            ? new LlmUsage(u.InputTokens + (u.CacheCreationInputTokens ?? 0) + (u.CacheReadInputTokens ?? 0), u.OutputTokens)
            : default;
        return new LlmReply(text.ToString(), calls, usage, response.Model ?? requestedModel, blocks, response.StopReason);
    }

    private static string? ReadError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, AnthropicJsonContext.Default.AnthropicErrorResponse)?.Error?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
