using System.Net.Http.Headers;
using System.Text.Json;
using Udc.Tools.Schema;

namespace Udc.Llm.OpenAi;

/// <summary>
/// OpenAI Chat Completions with function tools: the model answers with <c>tool_calls</c>, each result goes back
/// as a <c>tool</c> message with its <c>tool_call_id</c>. The same client speaks to any OpenAI-compatible server.
/// </summary>
internal sealed class OpenAiClient(LlmProvider provider, LlmTransport transport, LlmSettings settings) : ILlmClient
{
    public LlmProvider Provider => provider;

    public async Task<LlmReply> CompleteAsync(LlmCall call, CancellationToken cancellationToken)
    {
        var providerSettings = settings.For(provider);
        var baseUrl = providerSettings.BaseUrl ?? throw new LlmException(LlmFailure.Configuration, "OPENAI_COMPATIBLE_BASE_URL is not set: name the server that speaks the OpenAI format.");
        var body = BuildRequest(call);
        var endpoint = LlmTransport.Endpoint(baseUrl, "chat/completions");
        var response = await transport.SendAsync(provider, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = LlmTransport.JsonBody(body, OpenAiJsonContext.Default.OpenAiRequest) };
            if (!string.IsNullOrEmpty(call.ApiKey))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", call.ApiKey);
            }
            return request;
        }, OpenAiJsonContext.Default.OpenAiResponse, ReadError, call.ApiKey, call.Deadline);
        return ToReply(response, call.Model);
    }

    private OpenAiRequest BuildRequest(LlmCall call)
    {
        var conversation = call.Conversation;
        var messages = new List<OpenAiMessage>
        {
            new() { Role = "system", Content = conversation.SystemPrompt },
            new() { Role = "user", Content = conversation.UserMessage },
        };
        foreach (var exchange in conversation.Exchanges)
        {
            messages.Add((OpenAiMessage)exchange.Reply.ProviderMessage);
            foreach (var result in exchange.Results)
            {
                messages.Add(new OpenAiMessage { Role = "tool", ToolCallId = result.CallId, Content = result.Content });
            }
        }
        var compatible = provider == LlmProvider.OpenAiCompatible;
        return new OpenAiRequest
        {
            Model = call.Model,
            Messages = messages,
            Tools = [.. call.Tools.Definitions.Select(d => new OpenAiTool { Function = new OpenAiFunction { Name = d.Name, Description = d.Description, Parameters = d.SchemaFor(SchemaProfile.OpenAi) } })],
            ToolChoice = call.ToolsAllowed ? "auto" : "none",
            Temperature = call.Temperature,
            MaxCompletionTokens = compatible ? null : call.MaxOutputTokens,
            MaxTokens = compatible ? call.MaxOutputTokens : null,
        };
    }

    private LlmReply ToReply(OpenAiResponse response, string requestedModel)
    {
        var name = provider.ToWireName();
        var choice = response.Choices is { Count: > 0 } choices ? choices[0] : null;
        var message = choice?.Message ?? throw new LlmException(LlmFailure.Upstream, $"The {name} provider returned no choices.");
        var calls = new List<LlmToolCall>();
        var echoed = new List<OpenAiToolCall>();
        var index = 0;
        foreach (var call in message.ToolCalls ?? [])
        {
            // Some compatible servers omit the id; the tool message must still name the call it answers.
            var id = string.IsNullOrEmpty(call.Id) ? $"call_{index}" : call.Id;
            index++;
            var raw = call.Function.Arguments ?? "";
            calls.Add(ParseCall(id, call.Function.Name, raw));
            echoed.Add(new OpenAiToolCall { Id = id, Function = new OpenAiFunctionCall { Name = call.Function.Name, Arguments = raw } });
        }
        var text = message.Content ?? message.Refusal ?? "";
        // The reply is sent back as the API documents an assistant message: role, content and tool_calls only.
        var echo = new OpenAiMessage { Role = "assistant", Content = message.Content, ToolCalls = echoed.Count > 0 ? echoed : null };
        var usage = response.Usage is { } u ? new LlmUsage(u.PromptTokens, u.CompletionTokens) : default;
        return new LlmReply(text, calls, usage, response.Model ?? requestedModel, echo, message.Refusal is not null ? "refusal" : choice.FinishReason);
    }

    /// <summary>Arguments arrive as a string that should hold a JSON object; anything else is reported back to the model.</summary>
    public static LlmToolCall ParseCall(string id, string name, string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(raw) ? "{}" : raw);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new LlmToolCall(id, name, null, raw, "arguments must be a JSON object");
            }
            return new LlmToolCall(id, name, document.RootElement.Clone(), raw, null);
        }
        catch (JsonException e)
        {
            return new LlmToolCall(id, name, null, raw, $"arguments are not valid JSON: {e.Message}");
        }
    }

    private static string? ReadError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, OpenAiJsonContext.Default.OpenAiErrorResponse)?.Error?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
