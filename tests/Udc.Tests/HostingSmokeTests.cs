using System.Net;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests;

public class HostingSmokeTests
{
    [Fact]
    public async Task DataEndpoint_DemoData_ReturnsSeedShape()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync();
        using var response = await server.Client.GetAsync("/data/crm?page=1&page_size=5", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(5, body.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal(50, body.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32());
    }
}
