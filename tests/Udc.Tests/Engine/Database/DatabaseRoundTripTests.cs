using System.Net;
using Udc.Engine.Database;
using Udc.Tests.Features.Data;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Database;

/// <summary>
/// What UDC adds over the query itself is mostly waiting on the database: a filtered page, a count and a group-by
/// each cost one round trip to PostgreSQL (counted on the wire), in a transaction that is read-only and bounded by the
/// statement timeout all the same.
/// </summary>
public sealed class DatabaseRoundTripTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private PostgresWireCounter _wire = null!;
    private UdcTestServer _server = null!;
    private string _directory = "";

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await _postgres.ExecuteAsync("CREATE TABLE orders (order_id bigint PRIMARY KEY, status text, region text, amount double precision)");
        await _postgres.ExecuteAsync("INSERT INTO orders SELECT g, CASE WHEN g % 3 = 0 THEN 'open' ELSE 'closed' END, CASE WHEN g % 2 = 0 THEN 'north' ELSE 'south' END, g * 1.5 FROM generate_series(1, 300) g");
        _wire = new PostgresWireCounter(_postgres.Port);
        _directory = Directory.CreateTempSubdirectory("udc-dbtrips-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_directory, "connectors.jsonc"), """
            { "databases": { "orders": { "engine": "postgresql", "connection_env": "ORDERS_DB", "table": "orders", "id_column": "order_id", "refresh_seconds": 3600 } } }
            """);
        _server = await UdcTestServer.StartAsync(_directory, new Dictionary<string, string>
        {
            ["ORDERS_DB"] = Relayed(pooling: true),
            ["CACHE_ENABLED"] = "false",
            ["RATE_LIMIT_PER_SOURCE"] = "0",
        });
        // The first request may read the catalog's statistics; the ones measured find it read.
        (await _server.GetAsync("/data/orders?page_size=1")).Expect(HttpStatusCode.OK);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _wire.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string Relayed(bool pooling) => _postgres.ConnectionString
        .Replace($"Port={_postgres.Port}", $"Port={_wire.Port}", StringComparison.Ordinal)
        .Replace("Pooling=false", pooling ? "Pooling=true" : "Pooling=false", StringComparison.Ordinal);

    private async Task<(ApiResponse Response, int RoundTrips)> MeasuredAsync(string url)
    {
        var before = _wire.RoundTrips;
        var response = (await _server.GetAsync(url)).Expect(HttpStatusCode.OK);
        return (response, _wire.RoundTrips - before);
    }

    [Fact]
    public async Task Data_FilteredPage_CountAndRowsInOneRoundTrip()
    {
        var (page, roundTrips) = await MeasuredAsync("/data/orders?status=open&region=north&page_size=5&sort=order_id");

        Assert.Equal(1, roundTrips);
        Assert.Equal(50, page.Metadata.Int("total_results"));
        Assert.Equal([6L, 12, 18, 24, 30], page.Data.EnumerateArray().Select(r => r.Int("order_id")));
    }

    [Fact]
    public async Task Data_KeysetNextPage_OneRoundTrip()
    {
        (await _server.GetAsync("/data/orders?status=open&page_size=5&sort=order_id")).Expect(HttpStatusCode.OK);

        var (page, roundTrips) = await MeasuredAsync("/data/orders?status=open&page_size=5&sort=order_id&page=2");

        Assert.Equal(1, roundTrips);
        Assert.Equal([18L, 21, 24, 27, 30], page.Data.EnumerateArray().Select(r => r.Int("order_id")));
    }

    [Fact]
    public async Task Aggregate_CountAndGroupBy_OneRoundTripEach()
    {
        var (count, countTrips) = await MeasuredAsync("/data/orders/aggregate?status=open");
        var (groups, groupTrips) = await MeasuredAsync("/data/orders/aggregate?group_by=status,region&metrics=count,sum:amount");

        Assert.Equal(1, countTrips);
        Assert.Equal(1, groupTrips);
        Assert.Equal(100, count.Metadata.Int("total_results"));
        Assert.Equal(4, groups.Metadata.Int("total_groups"));
        Assert.Equal(300, groups.Data.EnumerateArray().Sum(g => g.Int("count")));
    }

    [Fact]
    public async Task Query_GroupsPastTheLast_CountsReadInTheSameTransaction()
    {
        var before = _wire.RoundTrips;
        using var content = new StringContent("""{"sql": "SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY n LIMIT 1 OFFSET 5"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await _server.Client.PostAsync("/query", content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var roundTrips = _wire.RoundTrips - before;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The groups, then both counts and the COMMIT: the empty page alone cannot carry them.
        Assert.Equal(2, roundTrips);
        Assert.Contains("\"data\":[]", body.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresClient_WriteInItsTransaction_RefusedAndNothingWritten()
    {
        using var client = new PostgresClient(Relayed(pooling: false), maxConnections: 1);
        var insert = new SqlText().Append("INSERT INTO orders VALUES (").Value(1000L).Append(", 'open', 'north', 1.0)");
        var delete = new SqlText().Append("DELETE FROM orders");

        var batched = Assert.Throws<DatabaseReadException>(() => client.Read(TimeSpan.FromSeconds(5), session =>
        {
            session.Batch([insert], (_, _) => { }, end: true);
            return 0;
        }));
        var alone = Assert.Throws<DatabaseReadException>(() => client.Read(TimeSpan.FromSeconds(5), session => session.Int64(delete)));
        var rows = client.Read(TimeSpan.FromSeconds(5), session => session.Int64(new SqlText().Append("SELECT count(*) FROM orders")));

        Assert.Contains("read-only transaction", batched.Message, StringComparison.Ordinal);
        Assert.Contains("read-only transaction", alone.Message, StringComparison.Ordinal);
        Assert.Equal(300, rows);
    }

    [Theory]
    [InlineData("", "off", "4096")]
    [InlineData(";Options='-c work_mem=8MB'", "off", "8192")]
    [InlineData(";Options='-c jit=on'", "on", "4096")]
    public void PostgresClient_Session_JitOffUnlessTheOptionsSayOtherwise(string options, string jit, string workMemKilobytes)
    {
        using var client = new PostgresClient(Relayed(pooling: false) + options, maxConnections: 1);

        var matching = client.Read(TimeSpan.FromSeconds(5), session => session.Int64(new SqlText()
            .Append("SELECT count(*) FROM pg_settings WHERE (name = 'jit' AND setting = ").Value(jit)
            .Append(") OR (name = 'work_mem' AND setting = ").Value(workMemKilobytes).Append(")")));

        Assert.Equal(2, matching);
    }

    [Fact]
    public void PostgresClient_StatementPastTheTimeout_TimeoutFailure()
    {
        using var client = new PostgresClient(Relayed(pooling: false), maxConnections: 1);

        var slow = Assert.Throws<DatabaseReadException>(() => client.Read(TimeSpan.FromMilliseconds(200), session =>
        {
            session.Batch([new SqlText().Append("SELECT count(*) FROM orders"), new SqlText().Append("SELECT pg_sleep(5)")], (_, reader) => reader.Read(), end: true);
            return 0;
        }));

        Assert.Equal(DatabaseFailure.Timeout, slow.Failure);
    }
}
