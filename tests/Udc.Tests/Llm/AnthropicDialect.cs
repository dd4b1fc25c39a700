using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Llm;

/// <summary>Messages API: responses shaped as the tool-use guide's examples.</summary>
public sealed class AnthropicDialect : ProviderDialect
{
    public override string Provider => "anthropic";

    public override string BaseUrlSetting => "ANTHROPIC_BASE_URL";

    internal override string ToolCalls(params ScriptedCall[] calls) => """
        {"id": "msg_01Aq9w938a90dw8q", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
         "content": [{"type": "text", "text": "I'll look that up in the data."},
           @CALLS@],
         "stop_reason": "tool_use", "stop_sequence": null,
         "usage": {"input_tokens": 82, "output_tokens": 17, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}
        """.Replace("@CALLS@", string.Join(", ", calls.Select(c =>
            """{"type": "tool_use", "id": "@ID@", "name": "@NAME@", "input": @ARGS@}"""
                .Replace("@ID@", c.Id).Replace("@NAME@", c.Name).Replace("@ARGS@", c.ArgumentsJson))));

    internal override string Text(string text) => """
        {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
         "content": [{"type": "text", "text": @TEXT@}],
         "stop_reason": "end_turn", "stop_sequence": null, "usage": {"input_tokens": 120, "output_tokens": 12}}
        """.Replace("@TEXT@", JsonEncode(text));

    internal override string Error(string type, string message) => """
        {"type": "error", "error": {"type": "@TYPE@", "message": @MESSAGE@}, "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"}
        """.Replace("@MESSAGE@", JsonEncode(message)).Replace("@TYPE@", type);

    internal override void AssertFirstRequest(RecordedRequest request, string apiKey, string model, string userQuery)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal(apiKey, request.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", request.Headers["anthropic-version"]);
        Assert.False(request.Headers.ContainsKey("authorization"));
        var body = request.Body;
        Assert.Equal(model, body.GetProperty("model").GetString());
        Assert.Equal(1024, body.GetProperty("max_tokens").GetInt32());
        Assert.Contains("not instructions", body.GetProperty("system").GetString());
        var messages = body.GetProperty("messages");
        Assert.Equal(1, messages.GetArrayLength());
        Assert.Equal("user", messages[0].GetProperty("role").GetString());
        Assert.Equal("text", messages[0].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal(userQuery, messages[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("auto", body.GetProperty("tool_choice").GetProperty("type").GetString());
        Assert.Equal(0.2, body.GetProperty("temperature").GetDouble());
        AssertTools(body.GetProperty("tools"), t => (t.GetProperty("name").GetString()!, t.GetProperty("input_schema")));
    }

    internal override List<SentResult> SentResults(RecordedRequest request)
    {
        var messages = request.Body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("assistant", messages[^2].GetProperty("role").GetString());
        Assert.Contains(messages[^2].GetProperty("content").EnumerateArray(), b => b.GetProperty("type").GetString() == "tool_use");
        var last = messages[^1];
        Assert.Equal("user", last.GetProperty("role").GetString());
        return [.. last.GetProperty("content").EnumerateArray().Select(b =>
        {
            Assert.Equal("tool_result", b.GetProperty("type").GetString());
            return new SentResult(b.GetProperty("tool_use_id").GetString()!, Fenced.Parse(b.GetProperty("content").GetString()!), b.TryGetProperty("is_error", out var e) && e.GetBoolean());
        })];
    }

    internal override string ToolChoice(RecordedRequest request) => request.Body.GetProperty("tool_choice").GetProperty("type").GetString()!;
}
