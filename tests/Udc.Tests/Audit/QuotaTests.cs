using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Audit;

/// <summary>
/// A read is charged by what it scans and returns (1 + 1 per 1,000 rows scanned + 1 per row returned): one export of
/// 50,000 rows spends a 20,000-unit quota at once, where a lookup (1 + 50 + 1 = 52) leaves room for 385 of them.
/// </summary>
public sealed class QuotaTests
{
    private const int Rows = 50_000;
    private const int Quota = 20_000;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(UdcTestServer Server, TempDataDirectory Data)> StartAsync(params (string, string)[] settings)
    {
        var data = new TempDataDirectory();
        var csv = new StringBuilder("id,kind,value\n");
        for (var i = 1; i <= Rows; i++)
        {
            csv.Append(i).Append(',').Append(i % 2 == 0 ? "even" : "odd").Append(',').Append(i * 3).Append('\n');
        }
        data.Write("items.csv", csv.ToString());
        var server = await UdcTestServer.StartAsync(data.Path, AccessFixture.Settings([("QUOTA_UNITS", Quota.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. settings]));
        return (server, data);
    }

    /// <summary>Spends the key's quota with one export of every row; returns a client holding the key, for MCP calls.</summary>
    private static async Task<HttpClient> SpendQuotaAsync(UdcTestServer server, string key)
    {
        using var spend = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/export/items?export_format=csv", key), Token);
        Assert.Equal(HttpStatusCode.OK, spend.StatusCode);
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    [Fact]
    public async Task Export_OfEveryRow_SpendsTheQuotaAndTheNextReadIs429()
    {
        var (server, data) = await StartAsync();
        await using var _ = server;
        using var __ = data;
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);

        using var export = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/export/items?export_format=csv", key), Token);
        var body = await export.Content.ReadAsStringAsync(Token);
        using var next = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/items/7", key), Token);
        var error = await AccessFixture.JsonAsync(next);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(Rows + 1, body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal((1 + 50 + Rows).ToString(System.Globalization.CultureInfo.InvariantCulture), export.Headers.GetValues("X-UDC-Charge").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Equal("QUOTA_EXCEEDED", AccessFixture.ErrorCode(error));
        Assert.InRange(int.Parse(next.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Contains("narrow the filter", error.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Lookups_ManyCheapOnes_385FitInTheQuotaThen429()
    {
        var (server, data) = await StartAsync();
        await using var _ = server;
        using var __ = data;
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);

        var allowed = 0;
        HttpStatusCode last = HttpStatusCode.OK;
        for (var i = 1; i <= 400 && last == HttpStatusCode.OK; i++)
        {
            using var response = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, $"/data/items/{i}", key), Token);
            last = response.StatusCode;
            if (last == HttpStatusCode.OK)
            {
                Assert.Equal("52", response.Headers.GetValues("X-UDC-Charge").Single());
                allowed++;
            }
        }

        Assert.Equal(385, allowed);
        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }

    [Fact]
    public async Task Refused_ForQuota_CostsNothingOverRestAndMcpAlike()
    {
        var (server, data) = await StartAsync();
        await using var _ = server;
        using var __ = data;
        var (id, key) = await AccessFixture.CreateKeyAsync(server.Client);
        using var client = await SpendQuotaAsync(server, key);

        using var rest = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/items/7", key), Token);
        var tool = await McpOverHttp.CallToolAsync(client, "get_record", """{"source": "items", "id": 7}""", Token);
        using var audit = await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, $"/audit?caller=key:{id}&outcome=quota"), Token);
        using var events = await AccessFixture.JsonAsync(audit);

        Assert.Equal(HttpStatusCode.TooManyRequests, rest.StatusCode);
        Assert.Contains("QUOTA_EXCEEDED", tool);
        var refused = events.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["mcp", "rest"], refused.Select(e => e.GetProperty("surface").GetString()).Order(StringComparer.Ordinal));
        Assert.All(refused, e => Assert.Equal(0, e.GetProperty("charge").GetInt64()));
    }

    [Fact]
    public async Task Tool_QuotaSpent_ErrorResultSaysWhatToDo()
    {
        var (server, data) = await StartAsync();
        await using var _ = server;
        using var __ = data;
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);
        using var client = await SpendQuotaAsync(server, key);

        var body = await McpOverHttp.CallToolAsync(client, "query_data", """{"source": "items", "page_size": 1}""", Token);

        Assert.Contains("QUOTA_EXCEEDED", body);
        Assert.Contains("narrow the filter", body);
        Assert.Contains("isError\":true", body.Replace(" ", ""));
    }

    [Fact]
    public async Task Quota_SharedInRedis_SpentOnOneReplicaRefusedOnTheOther()
    {
        await using var redis = await RedisServer.StartAsync();
        var (first, data) = await StartAsync(("REDIS_URL", redis.Url));
        await using var _ = first;
        using var __ = data;
        // The same folder, so the same SQLite file: the key is known to both.
        await using var second = await UdcTestServer.StartAsync(data.Path, AccessFixture.Settings(("QUOTA_UNITS", "20000"), ("REDIS_URL", redis.Url)));
        await RedisReplicas.WaitForRedisAsync(first);
        await RedisReplicas.WaitForRedisAsync(second);
        var (_, key) = await AccessFixture.CreateKeyAsync(first.Client);

        using var spend = await first.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/export/items?export_format=csv", key), Token);
        using var refused = await second.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/items/1", key), Token);

        Assert.Equal(HttpStatusCode.OK, spend.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("QUOTA_EXCEEDED", AccessFixture.ErrorCode(await AccessFixture.JsonAsync(refused)));
    }
}
