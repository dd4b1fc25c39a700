using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Llm;

/// <summary>Chat Completions: responses shaped as the API reference's tool-calling example.</summary>
public sealed class OpenAiDialect : ProviderDialect
{
    public override string Provider => "openai";

    public override string BaseUrlSetting => "OPENAI_BASE_URL";

    public override string BaseUrl(Uri fake) => fake.ToString().TrimEnd('/') + "/v1";

    internal override string ToolCalls(params ScriptedCall[] calls) => """
        {"id": "chatcmpl-abc123", "object": "chat.completion", "created": 1699896916, "model": "gpt-4o-mini-2024-07-18",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": null, "refusal": null, "annotations": [],
           "tool_calls": [@CALLS@]},
           "logprobs": null, "finish_reason": "tool_calls"}],
         "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99, "completion_tokens_details": {"reasoning_tokens": 0}},
         "system_fingerprint": "fp_44709d6fcb"}
        """.Replace("@CALLS@", string.Join(", ", calls.Select(c =>
            """{"id": "@ID@", "type": "function", "function": {"name": "@NAME@", "arguments": @ARGS@}}"""
                .Replace("@ID@", c.Id).Replace("@NAME@", c.Name).Replace("@ARGS@", JsonEncode(c.ArgumentsJson)))));

    internal override string Text(string text) => """
        {"id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", "object": "chat.completion", "created": 1741570283, "model": "gpt-4o-mini-2024-07-18",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": @TEXT@, "refusal": null, "annotations": []},
           "logprobs": null, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 120, "completion_tokens": 12, "total_tokens": 132}, "service_tier": "default"}
        """.Replace("@TEXT@", JsonEncode(text));

    internal override string Error(string type, string message) => """
        {"error": {"message": @MESSAGE@, "type": "@TYPE@", "param": null, "code": null}}
        """.Replace("@MESSAGE@", JsonEncode(message)).Replace("@TYPE@", type);

    internal override void AssertFirstRequest(RecordedRequest request, string apiKey, string model, string userQuery)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {apiKey}", request.Headers["authorization"]);
        Assert.StartsWith("application/json", request.Headers["content-type"]);
        var body = request.Body;
        Assert.Equal(model, body.GetProperty("model").GetString());
        var messages = body.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Contains("not instructions", messages[0].GetProperty("content").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal(userQuery, messages[1].GetProperty("content").GetString());
        Assert.Equal("auto", body.GetProperty("tool_choice").GetString());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble());
        Assert.Equal(1024, body.GetProperty("max_completion_tokens").GetInt32());
        foreach (var tool in body.GetProperty("tools").EnumerateArray())
        {
            Assert.Equal("function", tool.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(tool.GetProperty("function").GetProperty("description").GetString()));
        }
        AssertTools(body.GetProperty("tools"), t => (t.GetProperty("function").GetProperty("name").GetString()!, t.GetProperty("function").GetProperty("parameters")));
    }

    internal override List<SentResult> SentResults(RecordedRequest request)
    {
        var messages = request.Body.GetProperty("messages").EnumerateArray().ToList();
        var lastAssistant = messages.FindLastIndex(m => m.GetProperty("role").GetString() == "assistant");
        var assistant = messages[lastAssistant];
        Assert.True(assistant.TryGetProperty("tool_calls", out _), "the assistant message with its tool_calls is sent back");
        return [.. messages.Skip(lastAssistant + 1).Select(m =>
        {
            Assert.Equal("tool", m.GetProperty("role").GetString());
            var element = Fenced.Parse(m.GetProperty("content").GetString()!);
            return new SentResult(m.GetProperty("tool_call_id").GetString()!, element, element.TryGetProperty("error", out _));
        })];
    }

    internal override string ToolChoice(RecordedRequest request) => request.Body.GetProperty("tool_choice").GetString()!;
}
