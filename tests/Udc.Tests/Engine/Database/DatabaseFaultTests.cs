using System.Net;
using Udc.Tests.Features.Data;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Database;

/// <summary>
/// A PostgreSQL source when its server stops and comes back, when a query outlasts the statement timeout, and when
/// its table is altered under UDC: each an answer in the envelope, shown by health, and recovered without a restart.
/// </summary>
public sealed class DatabaseFaultTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private UdcTestServer _server = null!;
    private string _directory = "";

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await _postgres.ExecuteAsync("CREATE TABLE orders (order_id bigint PRIMARY KEY, status text, amount double precision, created_at timestamptz)");
        await _postgres.ExecuteAsync("INSERT INTO orders SELECT g, CASE WHEN g % 3 = 0 THEN 'open' ELSE 'closed' END, g * 1.5, timestamptz '2024-03-01' + g * interval '1 hour' FROM generate_series(1, 200) g");
        _directory = Directory.CreateTempSubdirectory("udc-dbfault-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_directory, "connectors.jsonc"), """
            // Orders live in PostgreSQL, read again every second.
            { "databases": {
                "orders": { "engine": "postgresql", "connection_env": "ORDERS_DB", "table": "orders", "refresh_seconds": 1, "statement_timeout_ms": 500 }
            } }
            """);
        _server = await UdcTestServer.StartAsync(_directory, new Dictionary<string, string> { ["ORDERS_DB"] = _postgres.ConnectionString.Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal) });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Health_DatabaseSourcesServing_Ready()
    {
        var ready = await _server.GetAsync("/health/ready");

        ready.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Data_TableLockedPastTheStatementTimeout_504ThenServesOnceReleased()
    {
        await using var tableLock = await TableLock.TakeAsync(_postgres.ConnectionString, "orders");

        var blocked = await _server.GetAsync("/data/orders?status=open");
        await tableLock.ReleaseAsync();
        var served = await _server.GetAsync("/data/orders?status=open");

        blocked.ExpectError(HttpStatusCode.GatewayTimeout, "QUERY_TIMEOUT");
        served.Expect(HttpStatusCode.OK);
        Assert.Equal(66, served.Metadata.Int("total_results"));
    }

    [Fact]
    public async Task Data_ServerStoppedThenStarted_503WithTheReasonHealthShowsItThenRecoversWithoutRestart()
    {
        (await _server.GetAsync("/data/orders")).Expect(HttpStatusCode.OK);

        await _postgres.StopAsync();
        var down = await _server.GetAsync("/data/orders?status=open");
        var summary = await _server.GetAsync("/health/summary");
        await _postgres.StartAgainAsync();
        var recovered = await PollAsync(async () => await _server.GetAsync("/data/orders?status=open") is { Status: HttpStatusCode.OK } ok ? ok : null);
        var ready = await PollAsync(async () => await _server.GetAsync("/health/summary") is var s && s.Body.Contains("\"status\":\"ok\"", StringComparison.Ordinal) ? s : null);

        down.ExpectError(HttpStatusCode.ServiceUnavailable, "SOURCE_UNAVAILABLE");
        Assert.Contains("unavailable", down.Json.GetProperty("error").Text("message"), StringComparison.OrdinalIgnoreCase);
        Assert.True(down.Headers.ContainsKey("retry-after"));
        Assert.Contains("\"status\":\"degraded\"", summary.Body, StringComparison.Ordinal);
        Assert.Equal(66, recovered.Metadata.Int("total_results"));
        Assert.NotNull(ready);
    }

    [Fact]
    public async Task Catalog_ColumnAddedAndDroppedUnderUdc_NewColumnServedAndDroppedOneRefused()
    {
        await _postgres.ExecuteAsync("ALTER TABLE orders ADD COLUMN region text DEFAULT 'north'");
        var added = await PollAsync(async () => await _server.GetAsync("/data/orders?region=north&page_size=1") is { Status: HttpStatusCode.OK } ok ? ok : null);

        await _postgres.ExecuteAsync("ALTER TABLE orders DROP COLUMN amount");
        var afterDrop = await PollAsync(async () => await _server.GetAsync("/data/orders?amount__gt=10") is { Status: HttpStatusCode.UnprocessableEntity } refused ? refused : null);
        var page = await _server.GetOkAsync("/data/orders?page_size=1");

        Assert.Equal(200, added.Metadata.Int("total_results"));
        Assert.Equal("north", added.Data[0].Text("region"));
        afterDrop.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        Assert.False(page.Data[0].TryGetProperty("amount", out _));
    }

    /// <summary>Asks again every 100 ms, for up to 15 s, until <paramref name="attempt"/> returns a value: the catalog's refresh has no event a test can await over HTTP.</summary>
    private static async Task<ApiResponse> PollAsync(Func<Task<ApiResponse?>> attempt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (await attempt() is { } response)
            {
                return response;
            }
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 15 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
