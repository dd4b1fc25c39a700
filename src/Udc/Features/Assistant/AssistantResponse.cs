using System.Text.Json;

namespace Udc.Features.Assistant;

/// <summary>
/// Writes the answer in the seed's shape: <c>provider</c>, <c>model</c>, <c>answer</c>, <c>tool_calls</c>,
/// <c>usage</c>, plus <c>voice_answer</c> (when it differs), <c>resolved_by</c> and <c>latency_ms</c>.
/// </summary>
internal static class AssistantResponse
{
    public static void Write(Utf8JsonWriter writer, AssistantAnswer answer, double latencyMilliseconds)
    {
        writer.WriteStartObject();
        writer.WriteString("provider"u8, answer.Provider);
        writer.WriteString("model"u8, answer.Model);
        writer.WriteString("answer"u8, answer.Answer);
        var voice = SpeakableText.Voice(answer.Answer);
        if (voice != answer.Answer)
        {
            writer.WriteString("voice_answer"u8, voice);
        }
        writer.WriteStartArray("tool_calls"u8);
        foreach (var call in answer.ToolCalls)
        {
            writer.WriteStartObject();
            writer.WriteString("tool_name"u8, call.ToolName);
            writer.WritePropertyName("arguments"u8);
            if (call.Arguments is { } arguments)
            {
                arguments.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue(call.RawArguments);
            }
            writer.WritePropertyName("result"u8);
            writer.WriteRawValue(call.Result, skipInputValidation: true);
            if (call.IsError)
            {
                writer.WriteBoolean("is_error"u8, true);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, answer.Usage.PromptTokens);
        writer.WriteNumber("completion_tokens"u8, answer.Usage.CompletionTokens);
        writer.WriteNumber("total_tokens"u8, answer.Usage.TotalTokens);
        writer.WriteEndObject();
        writer.WriteString("resolved_by"u8, WireName(answer.ResolvedBy));
        writer.WriteNumber("latency_ms"u8, Math.Round(latencyMilliseconds, 3));
        writer.WriteEndObject();
    }

    public static string WireName(ResolvedBy resolvedBy) => resolvedBy switch
    {
        ResolvedBy.FastPath => "fast_path",
        ResolvedBy.Llm => "llm",
        _ => "none",
    };
}
