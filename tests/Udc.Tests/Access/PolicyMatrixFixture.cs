using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>
/// One server, one small source with known rows, and three keys: one under a row policy (tenant 1 and regions eu, uk:
/// orders 1 and 2), one under column policies (email partial, phone hidden, amount masked), one with neither.
/// </summary>
public class PolicyMatrixFixture : IAsyncLifetime
{
    public const string Orders = """
        [
          {"order_id": 1, "tenant_id": 1, "region": "eu", "email": "ann@example.com", "phone": "+44 20 7946 0001", "amount": 100, "status": "open", "created_at": "2024-01-01T00:00:00Z"},
          {"order_id": 2, "tenant_id": 1, "region": "uk", "email": "bob@example.com", "phone": "+44 20 7946 0002", "amount": 250, "status": "closed", "created_at": "2024-01-02T00:00:00Z"},
          {"order_id": 3, "tenant_id": 2, "region": "us", "email": "cy@example.org", "phone": "+1 212 555 0103", "amount": 900, "status": "open", "created_at": "2024-01-03T00:00:00Z"},
          {"order_id": 4, "tenant_id": 1, "region": "us", "email": "dee@example.com", "phone": "+1 212 555 0104", "amount": 40, "status": "open", "created_at": "2024-01-04T00:00:00Z"},
          {"order_id": 5, "tenant_id": 2, "region": "eu", "email": "eve@example.org", "phone": "+33 1 09 75 83 05", "amount": 700, "status": "closed", "created_at": "2024-01-05T00:00:00Z"},
          {"order_id": 6, "tenant_id": 3, "region": "uk", "email": "fay@example.net", "phone": "+44 20 7946 0006", "amount": 5, "status": "refunded", "created_at": "2024-01-06T00:00:00Z"}
        ]
        """;

    private readonly TempDataDirectory _data = new();

    private protected TempDataDirectory Data => _data;

    internal UdcTestServer Server { get; private set; } = null!;

    public string RowKey { get; private set; } = "";

    public string MaskKey { get; private set; } = "";

    public string PlainKey { get; private set; } = "";

    public string RowKeyId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var settings = AccessFixture.Settings(("TENANT_COLUMN", "tenant_id"));
        foreach (var (name, value) in await SeedAsync())
        {
            settings[name] = value;
        }
        Server = await UdcTestServer.StartAsync(_data.Path, settings);
        (RowKeyId, RowKey) = await AccessFixture.CreateKeyAsync(Server.Client, """{"name": "tenant 1, eu and uk", "tenant": "1", "row_filters": {"orders": "region IN ('eu', 'uk')"}}""");
        (_, MaskKey) = await AccessFixture.CreateKeyAsync(Server.Client, """{"name": "masked", "column_policies": {"orders": {"email": "partial", "phone": "hide", "amount": "mask"}}}""");
        (_, PlainKey) = await AccessFixture.CreateKeyAsync(Server.Client, """{"name": "plain"}""");
    }

    /// <summary>Puts the orders where the server reads them (a data file here) and returns the settings that needs.</summary>
    private protected virtual Task<Dictionary<string, string>> SeedAsync()
    {
        _data.Write("orders.json", Orders);
        return Task.FromResult(new Dictionary<string, string>());
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await DisposeDatabaseAsync();
        _data.Dispose();
    }

    private protected virtual ValueTask DisposeDatabaseAsync() => ValueTask.CompletedTask;

    public string Key(string kind) => kind switch
    {
        "row" => RowKey,
        "mask" => MaskKey,
        _ => PlainKey,
    };

    internal HttpClient ClientFor(string kind)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", Key(kind));
        return client;
    }

    internal async Task<(int Status, string Body, HttpResponseMessage Response)> GetAsync(string kind, string url)
    {
        using var request = AccessFixture.WithKey(HttpMethod.Get, url, Key(kind));
        var response = await Server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), response);
    }

    internal async Task<(int Status, JsonElement Json)> JsonAsync(string kind, string url)
    {
        var (status, body, response) = await GetAsync(kind, url);
        response.Dispose();
        return (status, JsonDocument.Parse(body).RootElement.Clone());
    }

    internal async Task<(int Status, JsonElement Json)> SqlAsync(string kind, string sql)
    {
        using var request = AccessFixture.WithKey(HttpMethod.Post, "/query", Key(kind));
        request.Content = new StringContent($"{{\"sql\": \"{sql.Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}", Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await Server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone());
    }
}
