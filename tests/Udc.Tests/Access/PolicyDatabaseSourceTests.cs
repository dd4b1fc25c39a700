using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>A database source's rows are read by the database: under a policy it reads nothing rather than everything.</summary>
public sealed class PolicyDatabaseSourceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DatabaseSource_KeyWithPolicy_403PolicyNotApplicable_PlainKeyReads()
    {
        using var data = new TempDataDirectory();
        using var files = new TempDataDirectory();
        await DatabaseSeeder.CopyToSqliteAsync(data.PathOf("orders.sqlite"), files.Write("orders.json", PolicyMatrixFixture.Orders), "orders");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        data.Write("databases.jsonc", """{ "sources": { "orders": { "engine": "sqlite", "file": "orders.sqlite", "table": "orders", "id_column": "order_id" } } }""");
        await using var server = await UdcTestServer.StartAsync(data.Path, AccessFixture.Settings());
        var (_, masked) = await AccessFixture.CreateKeyAsync(server.Client, """{"name": "masked", "column_policies": {"orders": {"email": "mask"}}}""");
        var (_, plain) = await AccessFixture.CreateKeyAsync(server.Client);

        using var refused = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/orders", masked), Token);
        using var read = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/orders", plain), Token);
        var body = await refused.Content.ReadAsStringAsync(Token);

        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Equal("AUTH_POLICY_NOT_APPLICABLE", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("@example", body);
        Assert.Equal(200, (int)read.StatusCode);
    }
}
