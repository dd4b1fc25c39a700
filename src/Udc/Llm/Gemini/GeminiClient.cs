using System.Buffers;
using System.Text;
using System.Text.Json;
using Udc.Engine.Columns;
using Udc.Tools.Schema;

namespace Udc.Llm.Gemini;

/// <summary>
/// Gemini <c>generateContent</c> with function declarations: the model answers with <c>functionCall</c> parts,
/// and every result of one turn goes back in a single <c>user</c> turn of <c>functionResponse</c> parts.
/// </summary>
internal sealed class GeminiClient(LlmTransport transport, LlmSettings settings) : ILlmClient
{
    public LlmProvider Provider => LlmProvider.Gemini;

    public async Task<LlmReply> CompleteAsync(LlmCall call, CancellationToken cancellationToken)
    {
        var body = BuildRequest(call);
        var model = call.Model.StartsWith("models/", StringComparison.Ordinal) ? call.Model["models/".Length..] : call.Model;
        var endpoint = LlmTransport.Endpoint(settings.Gemini.BaseUrl!, $"v1beta/models/{Uri.EscapeDataString(model)}:generateContent");
        var response = await transport.SendAsync(LlmProvider.Gemini, () =>
        {
            // The key goes in a header, never in the URL, so no request log can show it.
            var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = LlmTransport.JsonBody(body, GeminiJsonContext.Default.GeminiRequest) };
            request.Headers.Add("x-goog-api-key", call.ApiKey);
            return request;
        }, GeminiJsonContext.Default.GeminiResponse, ReadError, call.ApiKey, call.Deadline);
        return ToReply(response, call.Model);
    }

    private static GeminiRequest BuildRequest(LlmCall call)
    {
        var conversation = call.Conversation;
        var contents = new List<GeminiContent>
        {
            new() { Role = "user", Parts = [new GeminiPart { Text = conversation.UserMessage }] },
        };
        foreach (var exchange in conversation.Exchanges)
        {
            contents.Add((GeminiContent)exchange.Reply.ProviderMessage);
            if (exchange.Results.Count > 0)
            {
                contents.Add(new GeminiContent
                {
                    Role = "user",
                    Parts = [.. exchange.Results.Select(r => new GeminiPart
                    {
                        FunctionResponse = new GeminiFunctionResponse
                        {
                            Id = r.CallId.StartsWith(SyntheticIdPrefix, StringComparison.Ordinal) ? null : r.CallId,
                            Name = r.Name,
                            Response = Wrap(r.IsError ? "error"u8 : "output"u8, r.Content),
                        },
                    })],
                });
            }
        }
        return new GeminiRequest
        {
            SystemInstruction = new GeminiContent { Parts = [new GeminiPart { Text = conversation.SystemPrompt }] },
            Contents = contents,
            Tools = [new GeminiTool { FunctionDeclarations = [.. call.Tools.Definitions.Select(d => new GeminiFunctionDeclaration { Name = d.Name, Description = d.Description, ParametersJsonSchema = d.SchemaFor(SchemaProfile.Gemini) })] }],
            ToolConfig = new GeminiToolConfig { FunctionCallingConfig = new GeminiFunctionCallingConfig { Mode = call.ToolsAllowed ? "AUTO" : "NONE" } },
            GenerationConfig = new GeminiGenerationConfig { Temperature = call.Temperature, MaxOutputTokens = call.MaxOutputTokens },
        };
    }

    /// <summary>Calls without an id get one for UDC's own bookkeeping; it is not sent back to Gemini.</summary>
    private const string SyntheticIdPrefix = "udc_call_";

    private static LlmReply ToReply(GeminiResponse response, string requestedModel)
    {
        if (response.Candidates is not { Count: > 0 } candidates || candidates[0].Content is not { } content)
        {
            var reason = response.PromptFeedback?.BlockReason ?? response.Candidates?.FirstOrDefault()?.FinishReason;
            if (reason is not null)
            {
                // A blocked prompt is the model declining: an answer, not a failure.
                return new LlmReply($"The model declined to answer ({reason}).", [], Usage(response), response.ModelVersion ?? requestedModel,
                    new GeminiContent { Role = "model", Parts = [] }, reason);
            }
            throw new LlmException(LlmFailure.Upstream, "The gemini provider returned no candidates.");
        }
        var text = new StringBuilder();
        var calls = new List<LlmToolCall>();
        var index = 0;
        foreach (var part in content.Parts ?? [])
        {
            if (part.FunctionCall is { } call)
            {
                var id = string.IsNullOrEmpty(call.Id) ? SyntheticIdPrefix + index : call.Id;
                index++;
                var args = call.Args;
                var raw = args?.GetRawText() ?? "{}";
                calls.Add(args is null or { ValueKind: JsonValueKind.Object }
                    ? new LlmToolCall(id, call.Name, args ?? s_emptyObject, raw, null)
                    : new LlmToolCall(id, call.Name, null, raw, "args must be a JSON object"));
            }
            else if (part.Text is { } partText && part.Thought != true)
            {
                text.Append(partText);
            }
        }
        var echo = new GeminiContent { Role = content.Role ?? "model", Parts = content.Parts ?? [] };
        return new LlmReply(text.ToString(), calls, Usage(response), response.ModelVersion ?? requestedModel, echo, candidates[0].FinishReason);
    }

    private static LlmUsage Usage(GeminiResponse response) => response.UsageMetadata is { } u
        ? new LlmUsage(u.PromptTokenCount, u.CandidatesTokenCount + u.ThoughtsTokenCount)
        : default;

    private static readonly JsonElement s_emptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary><c>{"output": result}</c> or <c>{"error": envelope}</c>, as the Struct the API expects.</summary>
    /// <summary>Gemini wants a JSON object as a function's response: the fenced result goes in as one string.</summary>
    private static JsonElement Wrap(ReadOnlySpan<byte> key, string content)
    {
        var buffer = new ArrayBufferWriter<byte>(content.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(key, content);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static string? ReadError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, GeminiJsonContext.Default.GeminiErrorResponse)?.Error?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
