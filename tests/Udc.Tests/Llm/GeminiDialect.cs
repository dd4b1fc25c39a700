using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Llm;

/// <summary>generateContent: responses shaped as the function-calling guide's REST examples, with a thought signature to echo.</summary>
public sealed class GeminiDialect : ProviderDialect
{
    public override string Provider => "gemini";

    public override string BaseUrlSetting => "GEMINI_BASE_URL";

    internal override string ToolCalls(params ScriptedCall[] calls) => """
        {"candidates": [{"content": {"role": "model", "parts": [
           @CALLS@]},
           "finishReason": "STOP", "index": 0}],
         "usageMetadata": {"promptTokenCount": 82, "candidatesTokenCount": 17, "totalTokenCount": 99},
         "modelVersion": "gemini-2.5-flash", "responseId": "Mx3vaLTNLp2VmecPkq6b2QE"}
        """.Replace("@CALLS@", string.Join(", ", calls.Select((c, i) =>
            """{"functionCall": {"id": "@ID@", "name": "@NAME@", "args": @ARGS@}@SIGNATURE@}"""
                .Replace("@ID@", c.Id).Replace("@NAME@", c.Name).Replace("@ARGS@", c.ArgumentsJson)
                .Replace("@SIGNATURE@", i == 0 ? ", \"thoughtSignature\": \"CiQBcsjafE2Uj0Q3Tf0Ka4Qk\"" : ""))));

    internal override string Text(string text) => """
        {"candidates": [{"content": {"role": "model", "parts": [{"text": @TEXT@}]}, "finishReason": "STOP", "index": 0}],
         "usageMetadata": {"promptTokenCount": 120, "candidatesTokenCount": 12, "totalTokenCount": 132},
         "modelVersion": "gemini-2.5-flash", "responseId": "Nx3vaLTNLp2VmecPkq6b2QF"}
        """.Replace("@TEXT@", JsonEncode(text));

    internal override string Error(string type, string message) => """
        {"error": {"code": 400, "message": @MESSAGE@, "status": "@TYPE@"}}
        """.Replace("@MESSAGE@", JsonEncode(message)).Replace("@TYPE@", type);

    internal override void AssertFirstRequest(RecordedRequest request, string apiKey, string model, string userQuery)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v1beta/models/{model}:generateContent", request.Path);
        Assert.Equal(apiKey, request.Headers["x-goog-api-key"]);
        Assert.DoesNotContain("key=", request.Path);
        var body = request.Body;
        Assert.Contains("not instructions", body.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        var contents = body.GetProperty("contents");
        Assert.Equal(1, contents.GetArrayLength());
        Assert.Equal("user", contents[0].GetProperty("role").GetString());
        Assert.Equal(userQuery, contents[0].GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal("AUTO", body.GetProperty("toolConfig").GetProperty("functionCallingConfig").GetProperty("mode").GetString());
        Assert.Equal(0.2, body.GetProperty("generationConfig").GetProperty("temperature").GetDouble());
        Assert.Equal(1024, body.GetProperty("generationConfig").GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal(1, body.GetProperty("tools").GetArrayLength());
        AssertTools(body.GetProperty("tools")[0].GetProperty("functionDeclarations"), t => (t.GetProperty("name").GetString()!, t.GetProperty("parametersJsonSchema")));
    }

    internal override List<SentResult> SentResults(RecordedRequest request)
    {
        var contents = request.Body.GetProperty("contents").EnumerateArray().ToList();
        var model = contents[^2];
        Assert.Equal("model", model.GetProperty("role").GetString());
        // The model's turn goes back unchanged, thought signature included.
        Assert.Equal("CiQBcsjafE2Uj0Q3Tf0Ka4Qk", model.GetProperty("parts")[0].GetProperty("thoughtSignature").GetString());
        var last = contents[^1];
        Assert.Equal("user", last.GetProperty("role").GetString());
        return [.. last.GetProperty("parts").EnumerateArray().Select(p =>
        {
            var response = p.GetProperty("functionResponse");
            var payload = response.GetProperty("response");
            var isError = payload.TryGetProperty("error", out var error);
            return new SentResult(response.GetProperty("id").GetString()!, Fenced.Parse((isError ? error : payload.GetProperty("output")).GetString()!), isError);
        })];
    }

    internal override string ToolChoice(RecordedRequest request) => request.Body.GetProperty("toolConfig").GetProperty("functionCallingConfig").GetProperty("mode").GetString()!.ToLowerInvariant();
}
