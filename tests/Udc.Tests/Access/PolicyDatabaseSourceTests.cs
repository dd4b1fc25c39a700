using System.Net;
using Microsoft.Data.Sqlite;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>
/// A caller with a row or column policy and a database source: the rows are not in memory to subset or mask, so the
/// read is refused in the envelope (never served around the policy), while a caller without a policy reads it.
/// </summary>
public sealed class PolicyDatabaseSourceTests
{
    [Fact]
    public async Task DatabaseSource_CallerWithAPolicy_403PolicyNotApplicableAndNoRows()
    {
        using var data = new TempDataDirectory();
        var file = data.PathOf("shop.sqlite");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE orders (order_id INTEGER PRIMARY KEY, region TEXT, email TEXT); INSERT INTO orders VALUES (1, 'eu', 'ann@example.com'), (2, 'us', 'bob@example.com');";
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        data.Write("connectors.jsonc", """{ "databases": { "orders": { "engine": "sqlite", "file": "shop.sqlite", "table": "orders" } } }""");
        await using var server = await UdcTestServer.StartAsync(data.Path, AccessFixture.Settings());
        var (_, rowKey) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "eu only", "row_filters": {"orders": "region = 'eu'"}}""");
        var (_, maskKey) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "masked", "column_policies": {"orders": {"email": "mask"}}}""");
        var (_, plainKey) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "plain"}""");

        foreach (var key in new[] { rowKey, maskKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/data/orders");
            request.Headers.Add("X-API-Key", key);
            using var refused = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
            var body = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("AUTH_POLICY_NOT_APPLICABLE", body, StringComparison.Ordinal);
            Assert.DoesNotContain("bob@example.com", body, StringComparison.Ordinal);
        }
        using var plainRequest = new HttpRequestMessage(HttpMethod.Get, "/data/orders");
        plainRequest.Headers.Add("X-API-Key", plainKey);
        using var plain = await server.Client.SendAsync(plainRequest, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Contains("bob@example.com", await plain.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
