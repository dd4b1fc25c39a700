using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Llm;

/// <summary>
/// A provider that answers with a redirect, on two loopback ports: one is the configured base URL, the other
/// another origin that must never see the conversation or the key. Same-origin redirects are followed.
/// </summary>
public abstract class ProviderRedirectTests<TDialect>
    where TDialect : ProviderDialect, new()
{
    private const string ApiKey = "sk-test-redirect-0123456789";
    private static readonly TDialect s_dialect = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(302)]
    public async Task Query_RedirectToAnotherPort_NotFollowedAndSaidClearly(int status)
    {
        await using var provider = await FakeLlmServer.StartAsync();
        await using var elsewhere = await FakeLlmServer.StartAsync();
        elsewhere.Enqueue(s_dialect.Text("The other origin answered."));
        provider.Enqueue(context => Redirect(context, status, new Uri(elsewhere.BaseAddress, context.Request.Path + context.Request.QueryString)));
        await using var udc = await StartAsync(provider);

        var (code, body) = await AskAsync(udc);

        Assert.Equal(HttpStatusCode.BadGateway, code);
        Assert.Equal("LLM_UPSTREAM_ERROR", body.GetProperty("error").GetProperty("code").GetString());
        var message = body.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains($"redirected the request ({status}) to another origin, {elsewhere.BaseAddress.GetLeftPart(UriPartial.Authority)}", message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
        // A redirect is an answer, not a failure to retry.
        Assert.Single(provider.Requests);
    }

    [Fact]
    public async Task Query_RedirectWithinTheOrigin_FollowedWithBodyAndKey()
    {
        await using var provider = await FakeLlmServer.StartAsync();
        provider.Enqueue(context => Redirect(context, 307, new Uri(provider.BaseAddress, context.Request.Path + "?moved=1")));
        provider.Enqueue(s_dialect.Text("Answered after the move."));
        await using var udc = await StartAsync(provider);

        var (code, body) = await AskAsync(udc);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("Answered after the move.", body.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var requests = provider.Requests;
        Assert.Equal(2, requests.Count);
        Assert.EndsWith("?moved=1", requests[1].Path, StringComparison.Ordinal);
        Assert.Equal(requests[0].Body.GetRawText(), requests[1].Body.GetRawText());
        Assert.Contains(requests[1].Headers.Values, value => value.Contains(ApiKey, StringComparison.Ordinal));
    }

    private static async Task Redirect(HttpContext context, int status, Uri target)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = target.ToString();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"moved": true}""");
    }

    private static Task<UdcTestServer> StartAsync(FakeLlmServer provider) => UdcTestServer.StartWithDemoDataAsync(settings: new Dictionary<string, string?>
    {
        [s_dialect.BaseUrlSetting] = s_dialect.BaseUrl(provider.BaseAddress),
        ["UDC_LLM_RETRY_BASE_MS"] = "10",
        ["UDC_LLM_TIMEOUT_SECONDS"] = "15",
    });

    private static async Task<(HttpStatusCode Status, JsonElement Body)> AskAsync(UdcTestServer udc)
    {
        var json = TestJson.Object(writer =>
        {
            writer.WriteString("provider", s_dialect.Provider);
            writer.WriteString("user_query", "Which customers signed up last week?");
            writer.WriteString("mode", "llm");
            writer.WriteString("api_key", ApiKey);
        });
        using var response = await udc.Client.PostAsync("/assistant/query", new StringContent(json, Encoding.UTF8, "application/json"), Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}

public sealed class OpenAiRedirectTests : ProviderRedirectTests<OpenAiDialect>;

public sealed class AnthropicRedirectTests : ProviderRedirectTests<AnthropicDialect>;

public sealed class GeminiRedirectTests : ProviderRedirectTests<GeminiDialect>;
