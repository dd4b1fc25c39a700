using System.Net;
using Udc.Tests.Features.Data;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Database;

/// <summary>
/// A stream or an export of a database source larger than one part (10,000 rows) is read in keyset parts, one held in
/// memory at a time, and sends every row once, in order, exactly as the same rows in SQLite do.
/// </summary>
public sealed class DatabaseStreamingTests : IAsyncLifetime
{
    private const int Rows = 25_000;

    private PostgresServer _postgres = null!;
    private UdcTestServer _fromPostgres = null!;
    private UdcTestServer _fromSqlite = null!;
    private string _postgresData = "";
    private string _sqliteData = "";

    public async ValueTask InitializeAsync()
    {
        var seed = Directory.CreateTempSubdirectory("udc-dbstream-seed-").FullName;
        var file = Path.Combine(seed, "orders.ndjson");
        await File.WriteAllLinesAsync(file, Enumerable.Range(1, Rows).Select(i =>
            $"{{\"order_id\": {i}, \"status\": \"{(i % 7 == 0 ? "open" : "closed")}\", \"amount\": {i % 500}.5, \"created_at\": \"{new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ}\"}}"),
            TestContext.Current.CancellationToken);
        _postgres = await PostgresServer.StartAsync();
        await DatabaseSeeder.CopyToPostgresAsync(_postgres.ConnectionString, file, "orders");
        _postgresData = Directory.CreateTempSubdirectory("udc-dbstream-pg-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_postgresData, "connectors.jsonc"),
            """{ "databases": { "orders": { "engine": "postgresql", "connection_env": "ORDERS_DB", "table": "orders", "id_column": "order_id" } } }""");
        _fromPostgres = await UdcTestServer.StartAsync(_postgresData, new Dictionary<string, string> { ["ORDERS_DB"] = _postgres.ConnectionString });
        _sqliteData = Directory.CreateTempSubdirectory("udc-dbstream-sqlite-").FullName;
        await DatabaseSeeder.CopyToSqliteAsync(Path.Combine(_sqliteData, "shop.sqlite"), file, "orders");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(Path.Combine(_sqliteData, "connectors.jsonc"),
            """{ "databases": { "orders": { "engine": "sqlite", "file": "shop.sqlite", "table": "orders", "id_column": "order_id" } } }""");
        _fromSqlite = await UdcTestServer.StartAsync(_sqliteData);
        Directory.Delete(seed, recursive: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _fromPostgres.DisposeAsync();
        await _fromSqlite.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_postgresData, recursive: true);
        Directory.Delete(_sqliteData, recursive: true);
    }

    [Fact]
    public async Task Export_CsvOfMoreRowsThanAPart_EveryRowOnceInOrderReadInKeysetParts()
    {
        var logged = _postgres.LogText().Length;

        var fromPostgres = (await _fromPostgres.GetAsync("/export/orders?export_format=csv&sort=-amount")).Expect(HttpStatusCode.OK);
        var fromSqlite = (await _fromSqlite.GetAsync("/export/orders?export_format=csv&sort=-amount")).Expect(HttpStatusCode.OK);

        var lines = fromPostgres.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Rows + 1, lines.Length);
        var ids = lines.Skip(1).Select(line => int.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Rows, ids.Distinct().Count());
        var amounts = lines.Skip(1).Select(line => double.Parse(line.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(amounts.OrderDescending(), amounts);
        Assert.Equal(fromPostgres.Body, fromSqlite.Body);
        var pages = _postgres.LogText()[logged..].Split('\n').Where(line => line.Contains("FROM \"orders\"", StringComparison.Ordinal) && line.Contains(" LIMIT $", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, pages.Count);
        Assert.Single(pages, line => line.Contains(" OFFSET $", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Data_NdjsonStreamOfMoreRowsThanAPart_EveryMatchingRowOnce()
    {
        var stream = (await _fromPostgres.GetAsync("/data/orders?stream=true&status=closed")).Expect(HttpStatusCode.OK);
        var fromSqlite = (await _fromSqlite.GetAsync("/data/orders?stream=true&status=closed")).Expect(HttpStatusCode.OK);

        var lines = stream.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = Enumerable.Range(1, Rows).Count(i => i % 7 != 0);
        Assert.Equal(expected, lines.Length);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), stream.Headers["x-total-count"]);
        Assert.Equal(expected, lines.Distinct().Count());
        Assert.DoesNotContain("partial", stream.Body, StringComparison.Ordinal);
        Assert.Equal(stream.Body, fromSqlite.Body);
    }

    [Fact]
    public async Task Data_NdjsonStreamWhileTheTableChanges_ExactlyTheRowsOfItsStart()
    {
        var cancel = TestContext.Current.CancellationToken;
        var unchanged = (await _fromSqlite.GetAsync("/data/orders?stream=true&sort=order_id")).Expect(HttpStatusCode.OK);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data/orders?stream=true&sort=order_id");
        using var response = await _fromPostgres.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync(cancel));
        var lines = new List<string>();
        while (lines.Count < 100 && await body.ReadLineAsync(cancel) is { } first)
        {
            lines.Add(first);
        }

        await _postgres.ExecuteAsync("UPDATE orders SET status = 'changed', amount = -1 WHERE order_id > 20000");
        await _postgres.ExecuteAsync("DELETE FROM orders WHERE order_id BETWEEN 15001 AND 15100");
        await _postgres.ExecuteAsync("INSERT INTO orders (order_id, status, amount) SELECT g, 'new', 1.5 FROM generate_series(25001, 25500) g");
        var changedAt = _postgres.LogText().Length;
        while (await body.ReadLineAsync(cancel) is { } line)
        {
            lines.Add(line);
        }

        // The later parts were read after the change, so a read of each part on its own would have seen it.
        Assert.Contains(_postgres.LogText()[changedAt..].Split('\n'), line => line.Contains("FROM \"orders\"", StringComparison.Ordinal) && line.Contains(" LIMIT $", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Rows, lines.Count);
        Assert.Equal(unchanged.Body, string.Join('\n', lines) + "\n");
    }

    [Fact]
    public async Task Data_NdjsonStreamDroppedHalfRead_ConnectionGoesBackToThePool()
    {
        var cancel = TestContext.Current.CancellationToken;
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/data/orders?stream=true"))
        using (var response = await _fromPostgres.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel))
        using (var body = new StreamReader(await response.Content.ReadAsStreamAsync(cancel)))
        {
            Assert.NotNull(await body.ReadLineAsync(cancel));
        }

        // Held by the dropped stream, the connection would leave its transaction open ("idle in transaction") for good.
        var open = long.MaxValue;
        for (var attempt = 0; attempt < 100 && open > 0; attempt++)
        {
            await using var connection = new Npgsql.NpgsqlConnection(_postgres.ConnectionString);
            await connection.OpenAsync(cancel);
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'udc' AND state = 'idle in transaction'", connection);
            open = (long)(await count.ExecuteScalarAsync(cancel))!;
            if (open > 0)
            {
                await Task.Delay(100, cancel);
            }
        }
        var after = await _fromPostgres.GetAsync("/data/orders?page_size=1");

        Assert.Equal(0, open);
        after.Expect(HttpStatusCode.OK);
    }
}
