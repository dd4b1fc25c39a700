using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Assistant.FastPath;

/// <summary>
/// The fast path through <c>/assistant/query</c> with a key limited to one source: questions about the catalog name
/// only that source, and no shape of question reads or names another.
/// </summary>
public sealed class FastPathAccessTests
{
    private const string SupportOnly = """{"name": "support only", "sources": ["support"]}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Query_KeyLimitedToSupport_CatalogQuestionsNameOnlySupport()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, restricted) = await AccessFixture.CreateKeyAsync(server.Client, SupportOnly);

        using var sources = await AskAsync(server, restricted, "what data do you have");
        using var columns = await AskAsync(server, restricted, "what columns do tickets have");

        var answer = sources.RootElement.GetProperty("answer").GetString()!;
        Assert.Equal("fast_path", sources.RootElement.GetProperty("resolved_by").GetString());
        Assert.StartsWith("There is 1 source: support, with 50 tickets.", answer);
        Assert.DoesNotContain("crm", sources.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("analytics", sources.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("describe_source", columns.RootElement.GetProperty("tool_calls")[0].GetProperty("tool_name").GetString());
        Assert.Equal("Tickets have 6 columns: ticket id, customer id, subject, status, priority and created at.", columns.RootElement.GetProperty("answer").GetString());
    }

    [Theory]
    [InlineData("what columns do customers have")]
    [InlineData("customers by status")]
    [InlineData("how many churned customers")]
    [InlineData("average daily active users from 2024-03-01 to 2024-03-31")]
    public async Task Query_KeyLimitedToSupport_QuestionAboutAnotherSourceNotAnswered(string question)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings());
        var (_, restricted) = await AccessFixture.CreateKeyAsync(server.Client, SupportOnly);

        using var answer = await AskAsync(server, restricted, question);

        Assert.Equal("none", answer.RootElement.GetProperty("resolved_by").GetString());
        Assert.Empty(answer.RootElement.GetProperty("tool_calls").EnumerateArray());
    }

    private static async Task<JsonDocument> AskAsync(UdcTestServer server, string key, string question)
    {
        var body = TestJson.Object(writer =>
        {
            writer.WriteString("user_query", question);
            writer.WriteString("mode", "no_llm");
        });
        using var request = AccessFixture.WithKey(HttpMethod.Post, "/assistant/query", key);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await server.Client.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }
}
