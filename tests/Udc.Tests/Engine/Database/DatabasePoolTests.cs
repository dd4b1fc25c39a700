using System.Net;
using Npgsql;
using Udc.Tests.Features.Data;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Database;

/// <summary>
/// A PostgreSQL source's pool is bounded by <c>max_connections</c>: many concurrent requests share it in turn, and
/// requests that find every connection held past the wait answer 503 with the reason (never a 500), while the source
/// stays healthy and serves again as soon as connections come back.
/// </summary>
public sealed class DatabasePoolTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private UdcTestServer _server = null!;
    private string _directory = "";

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await _postgres.ExecuteAsync("CREATE TABLE orders (order_id bigint PRIMARY KEY, status text, amount double precision)");
        await _postgres.ExecuteAsync("INSERT INTO orders SELECT g, CASE WHEN g % 3 = 0 THEN 'open' ELSE 'closed' END, g * 1.5 FROM generate_series(1, 300) g");
        _directory = Directory.CreateTempSubdirectory("udc-dbpool-").FullName;
        // Two connections; a statement may wait 30 s on a lock, far past the 5 s a request waits for a connection.
        await File.WriteAllTextAsync(Path.Combine(_directory, "connectors.jsonc"), """
            { "databases": { "orders": { "engine": "postgresql", "connection_env": "ORDERS_DB", "table": "orders",
                                          "max_connections": 2, "statement_timeout_ms": 30000, "refresh_seconds": 3600 } } }
            """);
        _server = await UdcTestServer.StartAsync(_directory, new Dictionary<string, string>
        {
            ["ORDERS_DB"] = _postgres.ConnectionString.Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal),
            ["CACHE_ENABLED"] = "false",
            ["RATE_LIMIT_PER_SOURCE"] = "0",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Data_ThirtyTwoConcurrentRequestsOnTwoConnections_ServedOrBusyNeverAnError()
    {
        var pages = await Task.WhenAll(Enumerable.Range(1, 32).Select(page => _server.GetAsync($"/data/orders?page={page % 15 + 1}&page_size=20")));
        var connections = await ConnectionsAsync();
        var afterwards = await _server.GetAsync("/data/orders?page=2");

        // How many wait past the 5 s depends on the machine's load; each is served or told the pool is busy.
        Assert.All(pages, page => Assert.True(page.Status == HttpStatusCode.OK
            || page.ExpectError(HttpStatusCode.ServiceUnavailable, "SOURCE_UNAVAILABLE").ValueKind == System.Text.Json.JsonValueKind.Array && page.Headers.ContainsKey("retry-after"), page.Preview));
        Assert.True(pages.Count(page => page.Status == HttpStatusCode.OK) >= 2);
        Assert.True(connections <= 2, $"{connections} connections open");
        afterwards.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Data_EveryConnectionHeldPastTheWait_503BusyThenServesWithoutRestart()
    {
        await using var tableLock = await TableLock.TakeAsync(_postgres.ConnectionString, "orders");

        // Two requests take both connections and wait on the lock; the other four wait for a connection, then give up.
        var pending = Enumerable.Range(1, 6).Select(page => _server.GetAsync($"/data/orders?page={page}")).ToList();
        var refused = await FirstAnsweredAsync(pending, 4);
        var held = await ConnectionsAsync();
        var source = await _server.GetAsync("/sources/orders");
        await tableLock.ReleaseAsync();
        var served = await Task.WhenAll(pending);
        var after = await _server.GetAsync("/data/orders?status=open");

        Assert.All(refused, r => Assert.Contains("max_connections", r.ExpectError(HttpStatusCode.ServiceUnavailable, "SOURCE_UNAVAILABLE").GetRawText() + r.Body, StringComparison.Ordinal));
        Assert.All(refused, r => Assert.Equal("1", r.Headers.GetValueOrDefault("retry-after")));
        Assert.Equal(2, held);
        source.Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("reload_failed", source.Body, StringComparison.Ordinal);
        Assert.All(served, s => s.Expect(HttpStatusCode.OK));
        after.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Data_ThirtyTwoClientsOnAPoolOfTenAllBlocked_AllServedOnceReleased()
    {
        var directory = Directory.CreateTempSubdirectory("udc-dbpool10-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "connectors.jsonc"), """
            { "databases": { "orders": { "engine": "postgresql", "connection_env": "ORDERS_DB", "table": "orders",
                                          "max_connections": 10, "statement_timeout_ms": 30000, "refresh_seconds": 3600 } } }
            """, TestContext.Current.CancellationToken);
        await using var server = await UdcTestServer.StartAsync(directory, new Dictionary<string, string>
        {
            ["ORDERS_DB"] = _postgres.ConnectionString.Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal),
            ["CACHE_ENABLED"] = "false",
            ["RATE_LIMIT_PER_SOURCE"] = "0",
        });
        (await server.GetAsync("/data/orders?page_size=1")).Expect(HttpStatusCode.OK);
        await using var tableLock = await TableLock.TakeAsync(_postgres.ConnectionString, "orders");

        // Ten requests hold the ten connections, stuck on the lock; the other 22 wait for one, each on a blocked thread.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var pages = Enumerable.Range(1, 32).Select(page => server.GetAsync($"/data/orders?page={page % 15 + 1}&page_size=20")).ToList();
        long waitingOnTheLock = 0;
        await using (var watch = new NpgsqlConnection(_postgres.ConnectionString))
        {
            await watch.OpenAsync(TestContext.Current.CancellationToken);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'udc' AND wait_event_type = 'Lock'", watch);
            while (waitingOnTheLock < 10 && started.Elapsed < TimeSpan.FromSeconds(4))
            {
                waitingOnTheLock = (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            }
        }
        await tableLock.ReleaseAsync();
        var served = await Task.WhenAll(pages).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var connections = await ConnectionsAsync();
        Directory.Delete(directory, recursive: true);

        Assert.Equal(10, waitingOnTheLock);
        Assert.All(served, page => page.Expect(HttpStatusCode.OK));
        Assert.True(connections <= 10 + 2, $"{connections} connections open");
    }

    [Fact]
    public async Task Data_MoreWaitersThanThePoolAllows_RefusedAtOnceNotAfterTheWait()
    {
        await using var tableLock = await TableLock.TakeAsync(_postgres.ConnectionString, "orders");

        // Two connections held on the lock, six waiters (three per connection) allowed: the last four are refused at once.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var pending = Enumerable.Range(1, 12).Select(page => _server.GetAsync($"/data/orders?page={page}")).ToList();
        var refused = await FirstAnsweredAsync(pending, 4);
        var refusedAfter = started.Elapsed;
        var stillPending = pending.Count(p => !p.IsCompleted);
        await tableLock.ReleaseAsync();
        var rest = await Task.WhenAll(pending);

        Assert.All(refused, r =>
        {
            r.ExpectError(HttpStatusCode.ServiceUnavailable, "SOURCE_UNAVAILABLE");
            Assert.Contains("max_connections", r.Body, StringComparison.Ordinal);
            Assert.Equal("1", r.Headers.GetValueOrDefault("retry-after"));
        });
        // A waiter gives up after 5 s; these never waited.
        Assert.True(refusedAfter < TimeSpan.FromSeconds(4.5), $"refused after {refusedAfter}");
        Assert.Equal(8, stillPending);
        Assert.All(rest, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, r.Preview));
    }

    /// <summary>The first <paramref name="count"/> answers to come back, taken out of <paramref name="pending"/>.</summary>
    private static async Task<List<ApiResponse>> FirstAnsweredAsync(List<Task<ApiResponse>> pending, int count)
    {
        var answered = new List<ApiResponse>();
        while (answered.Count < count)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            answered.Add(await done);
        }
        return answered;
    }

    private async Task<long> ConnectionsAsync()
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'udc'", connection);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
