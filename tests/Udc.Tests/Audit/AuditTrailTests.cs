using System.Text.Json;
using Udc.Tests.Access;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Audit;

/// <summary>Who read what: one event per read, with its surface, source, filters, rows and charge, and never a masked value.</summary>
public sealed class AuditTrailTests(PolicyMatrixFixture fixture) : IClassFixture<PolicyMatrixFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<JsonElement> AuditAsync(string query)
    {
        using var response = await fixture.Server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/audit" + query), Token);
        Assert.Equal(200, (int)response.StatusCode);
        return (await AccessFixture.JsonAsync(response)).RootElement.Clone();
    }

    [Fact]
    public async Task Read_RowKeyPage_OneEventWithSourceFiltersRowsAndCharge()
    {
        var (status, _) = await fixture.JsonAsync("row", "/data/orders?status=open");

        var item = (await AuditAsync($"?caller=key:{fixture.RowKeyId}&limit=1")).GetProperty("data")[0];

        Assert.Equal(200, status);
        Assert.Equal("rest", item.GetProperty("surface").GetString());
        Assert.Equal("GET /data/orders", item.GetProperty("action").GetString());
        Assert.Equal("orders", item.GetProperty("source").GetString());
        Assert.Equal("status = open", item.GetProperty("filters").GetString());
        Assert.Equal(1, item.GetProperty("rows").GetInt64());
        Assert.Equal(1 + 1 + 1, item.GetProperty("charge").GetInt64());
        Assert.Equal("ok", item.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Read_FilterOnMaskedColumn_ValueNeverWritten()
    {
        await fixture.JsonAsync("mask", "/data/orders?email=ann@example.com");
        await fixture.SqlAsync("mask", "SELECT order_id FROM orders WHERE email = 'bob@example.com'");

        var events = await AuditAsync("?limit=50");

        Assert.DoesNotContain("ann@example.com", events.ToString());
        Assert.DoesNotContain("bob@example.com", events.ToString());
        var sql = events.GetProperty("data").EnumerateArray().First(e => e.GetProperty("surface").GetString() == "sql");
        Assert.Equal("email = ***", sql.GetProperty("filters").GetString());
    }

    [Fact]
    public async Task Surfaces_ExportSqlAndMcp_EachRecordedAsItself()
    {
        var (_, _, export) = await fixture.GetAsync("plain", "/export/orders?export_format=csv");
        export.Dispose();
        await fixture.SqlAsync("plain", "SELECT order_id FROM orders LIMIT 2");
        using var client = fixture.ClientFor("plain");
        await McpOverHttp.CallToolAsync(client, "query_data", """{"source": "orders", "page_size": 3}""", Token);

        var surfaces = (await AuditAsync("?source=orders&limit=100")).GetProperty("data").EnumerateArray()
            .Select(e => (e.GetProperty("surface").GetString(), e.GetProperty("rows").GetInt64())).ToList();

        Assert.Contains(("export", 6L), surfaces);
        Assert.Contains(("sql", 2L), surfaces);
        Assert.Contains(("mcp", 3L), surfaces);
    }

    [Fact]
    public async Task Export_Csv_HeaderAndOneLinePerEvent()
    {
        await fixture.JsonAsync("plain", "/data/orders/1");

        using var response = await fixture.Server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/audit/export?format=csv&surface=rest"), Token);
        var csv = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal(200, (int)response.StatusCode);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("event_id,at,caller,surface,action,source,filters,rows,charge,outcome,status,partial,duration_ms", lines[0]);
        Assert.Contains(lines, l => l.Contains(",GET /data/orders/1,orders,", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Contains(",rest,", l));
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?colour=red", "colour")]
    public async Task List_BadParameter_422AtIt(string query, string parameter)
    {
        using var response = await fixture.Server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/audit" + query), Token);
        var json = await AccessFixture.JsonAsync(response);

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal(parameter, json.RootElement.GetProperty("error").GetProperty("details")[0].GetProperty("loc")[1].GetString());
    }

    [Fact]
    public async Task List_ClientKey_Refused()
    {
        var (status, _, response) = await fixture.GetAsync("plain", "/audit");
        response.Dispose();

        Assert.Equal(401, status);
    }
}
