using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Audit;

/// <summary>A request's deadline over HTTP: the header lowers it, a bad header is refused, a long stream ends partial.</summary>
public sealed class DeadlineApiTests
{
    private const int Rows = 1_000_000;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_MillionRowsUnderATinyDeadline_EndsPartialOr504NeverHangs()
    {
        using var data = new TempDataDirectory();
        var csv = new StringBuilder(Rows * 16).Append("id,kind,value\n");
        for (var i = 1; i <= Rows; i++)
        {
            csv.Append(i).Append(',').Append(i % 2 == 0 ? "even" : "odd").Append(',').Append(i * 3).Append('\n');
        }
        data.Write("big.csv", csv.ToString());
        await using var server = await UdcTestServer.StartAsync(data.Path, AccessFixture.Settings(("AUDIT_FLUSH_MS", "5")));
        var (keyId, key) = await AccessFixture.CreateKeyAsync(server.Client);
        using var request = AccessFixture.WithKey(HttpMethod.Get, "/data/big?stream=true&sort=-value", key);
        request.Headers.Add("X-UDC-Deadline-Ms", "20");

        using var response = await server.Client.SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        if (response.StatusCode == HttpStatusCode.OK)
        {
            var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var last = JsonDocument.Parse(lines[^1]).RootElement;
            Assert.True(last.GetProperty("partial").GetBoolean());
            Assert.Equal(lines.Length - 1, last.GetProperty("rows_written").GetInt32());
            Assert.Equal(Rows - (lines.Length - 1), last.GetProperty("rows_left_out").GetInt32());
            Assert.True(lines.Length - 1 < Rows);
        }
        else
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal("DEADLINE_EXCEEDED", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
        }
        using var audit = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, $"/audit?caller=key:{keyId}"), Token);
        var item = (await AccessFixture.JsonAsync(audit)).RootElement.GetProperty("data")[0];
        Assert.Equal(response.StatusCode == HttpStatusCode.OK ? "partial" : "deadline", item.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("99999999")]
    public async Task Header_NotAWholeNumberWithinTheSetting_422(string value)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/crm");
        request.Headers.Add("X-UDC-Deadline-Ms", value);

        using var response = await server.Client.SendAsync(request, Token);
        var json = await AccessFixture.JsonAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("X-UDC-Deadline-Ms", json.RootElement.GetProperty("error").GetProperty("details")[0].GetProperty("loc")[1].GetString());
    }
}
