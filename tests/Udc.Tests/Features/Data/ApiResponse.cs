using System.Net;
using System.Text.Json;

namespace Udc.Tests.Features.Data;

/// <summary>A response read whole: status, media type, headers and body text, with the body as JSON on demand.</summary>
internal sealed class ApiResponse(HttpStatusCode status, string? mediaType, IReadOnlyDictionary<string, string> headers, string body)
{
    private JsonElement? _json;

    public HttpStatusCode Status { get; } = status;

    public string? MediaType { get; } = mediaType;

    /// <summary>Response and content headers, names lower-cased.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public string Body { get; } = body;

    public JsonElement Json => _json ??= Parse(Body);

    public JsonElement Data => Json.GetProperty("data");

    public JsonElement Metadata => Json.GetProperty("metadata");

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, headers, body);
    }

    /// <summary>Fails with the status and the start of the body, so a wrong answer explains itself.</summary>
    public ApiResponse Expect(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"expected {(int)expected}, got {(int)Status}: {Preview}");
        return this;
    }

    /// <summary>Asserts the one error envelope with this status and code; returns its details.</summary>
    public JsonElement ExpectError(HttpStatusCode expected, string code)
    {
        Expect(expected);
        var details = ExpectEnvelope();
        Assert.Equal(code, Json.GetProperty("error").GetProperty("code").GetString());
        return details;
    }

    /// <summary>
    /// Asserts the seed's envelope: <c>{"error": {"code", "message", "details": [{"loc": [..], "msg", "type"}]}}</c>
    /// and nothing else; returns the details.
    /// </summary>
    public JsonElement ExpectEnvelope()
    {
        Assert.True(MediaType == "application/json", $"an error must be JSON, got '{MediaType}' with {(int)Status}: {Preview}");
        Assert.Equal(["error"], Json.EnumerateObject().Select(p => p.Name));
        var error = Json.GetProperty("error");
        Assert.Equal(["code", "message", "details"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        var details = error.GetProperty("details");
        Assert.Equal(JsonValueKind.Array, details.ValueKind);
        foreach (var detail in details.EnumerateArray())
        {
            Assert.Equal(["loc", "msg", "type"], detail.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Array, detail.GetProperty("loc").ValueKind);
            Assert.All(detail.GetProperty("loc").EnumerateArray(), part => Assert.Equal(JsonValueKind.String, part.ValueKind));
            Assert.False(string.IsNullOrEmpty(detail.GetProperty("msg").GetString()));
            Assert.False(string.IsNullOrEmpty(detail.GetProperty("type").GetString()));
        }
        return details;
    }

    public string Preview => Body.Length <= 600 ? Body : Body[..600] + "…";

    private static JsonElement Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
