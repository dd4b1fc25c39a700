using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>
/// The policy matrix on database sources: the same orders in a data file, a PostgreSQL table and a SQLite file, the same
/// three keys (a row policy with the tenant column, column policies, neither), and the same answers on every surface
/// whose meaning SQL keeps; where it cannot (a filter, sort or group on a masked column's shown values), a 422 that
/// reveals no stored value. Each plain read comes first, so a cached answer crossing policies would show.
/// </summary>
public sealed class PolicyDatabaseSourceTests(PolicyMatrixFixture files, PostgresPolicyMatrixFixture postgres, SqlitePolicyMatrixFixture sqlite)
    : IClassFixture<PolicyMatrixFixture>, IClassFixture<PostgresPolicyMatrixFixture>, IClassFixture<SqlitePolicyMatrixFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private PolicyMatrixFixture Database(string engine) => engine == "postgres" ? postgres : sqlite;

    private static int[] Ids(JsonElement rows) => [.. rows.EnumerateArray().Select(r => r.GetProperty("order_id").GetInt32())];

    public static TheoryData<string, string, string> Reads()
    {
        var reads = new TheoryData<string, string, string>();
        string[] urls =
        [
            "/data/orders?sort=order_id",
            "/data/orders",
            "/data/orders?status=open&sort=-order_id&page_size=1&page=2",
            "/data/orders?query=OPEN&sort=order_id",
            "/data/orders?fields=order_id,email,amount&sort=order_id",
            "/data/orders/2",
            "/data/orders/3",
            "/data/orders/aggregate?group_by=status&metrics=count,max:created_at",
            "/data/orders/aggregate?group_by=region&metrics=count,sum:amount",
            "/data/orders?phone=x",
            "/data/orders?stream=true&sort=order_id",
            "/export/orders?export_format=csv&sort=order_id",
            "/export/orders?export_format=ndjson&status=open",
        ];
        foreach (var engine in new[] { "postgres", "sqlite" })
        {
            foreach (var key in new[] { "plain", "row", "mask" })
            {
                foreach (var url in urls)
                {
                    reads.Add(engine, key, url);
                }
            }
        }
        return reads;
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_EachKey_SameBodyAsTheDataFile(string engine, string key, string url)
    {
        var (expectedStatus, expected, r1) = await files.GetAsync(key, url);
        var (status, body, r2) = await Database(engine).GetAsync(key, url);
        r1.Dispose();
        r2.Dispose();

        Assert.True(expectedStatus is 200 or 404 or 422, expected);
        Assert.Equal(expectedStatus, status);
        Assert.Equal(expected, body);
    }

    public static TheoryData<string, string, string> Statements()
    {
        var statements = new TheoryData<string, string, string>();
        foreach (var engine in new[] { "postgres", "sqlite" })
        {
            statements.Add(engine, "mask", "SELECT email AS e, amount AS a, region FROM orders ORDER BY order_id");
            statements.Add(engine, "mask", "SELECT region, COUNT(*) AS n FROM orders GROUP BY region ORDER BY region");
            statements.Add(engine, "mask", "SELECT SUM(amount) AS total FROM orders");
            statements.Add(engine, "mask", "SELECT phone AS p FROM orders");
            statements.Add(engine, "row", "SELECT order_id, amount FROM orders ORDER BY amount DESC");
            statements.Add(engine, "row", "SELECT COUNT(*) AS n, SUM(amount) AS s, MAX(amount) AS m FROM orders");
            statements.Add(engine, "row", "SELECT order_id FROM orders WHERE tenant_id = 2 OR region = 'us' ORDER BY order_id");
            statements.Add(engine, "plain", "SELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY n DESC, status");
        }
        return statements;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task Sql_EachKey_SameAnswerAsTheDataFile(string engine, string key, string sql)
    {
        var (expectedStatus, expected) = await files.SqlAsync(key, sql);
        var (status, json) = await Database(engine).SqlAsync(key, sql);

        Assert.Equal(expectedStatus, status);
        Assert.Equal(expected.GetRawText(), json.GetRawText());
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Page_RowAndMaskKeys_ExactRowsAndValues(string engine)
    {
        var database = Database(engine);
        var (_, plain) = await database.JsonAsync("plain", "/data/orders?sort=order_id");
        var (_, row) = await database.JsonAsync("row", "/data/orders?sort=order_id");
        var (_, mask) = await database.JsonAsync("mask", "/data/orders?sort=order_id");

        Assert.Equal([1, 2, 3, 4, 5, 6], Ids(plain.GetProperty("data")));
        Assert.Equal(900, plain.GetProperty("data")[2].GetProperty("amount").GetInt32());
        Assert.Equal([1, 2], Ids(row.GetProperty("data")));
        Assert.Equal(2, row.GetProperty("metadata").GetProperty("total_results").GetInt32());
        Assert.Equal(["ann@example.com", "bob@example.com"], row.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("email").GetString()));
        Assert.Equal(["a***@example.com", "b***@example.com", "c***@example.org", "d***@example.com", "e***@example.org", "f***@example.net"],
            mask.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("email").GetString()));
        Assert.All(mask.GetProperty("data").EnumerateArray(), r =>
        {
            Assert.Equal("****", r.GetProperty("amount").GetString());
            Assert.False(r.TryGetProperty("phone", out _));
        });
    }

    [Fact]
    public async Task RowPolicy_InPostgres_ConditionOfEveryStatementWithItsValuesAsParameters()
    {
        var logged = postgres.Postgres.LogText().Length;

        var (status, json) = await postgres.JsonAsync("row", "/data/orders?sort=-order_id&page_size=4");

        Assert.Equal(200, status);
        Assert.Equal([2, 1], Ids(json.GetProperty("data")));
        var statements = postgres.Postgres.LogText()[logged..].Split('\n').Where(line => line.Contains("FROM \"orders\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, statements.Count(line => line.Contains("count(*)", StringComparison.Ordinal) || line.Contains(" LIMIT $", StringComparison.Ordinal)));
        Assert.All(statements, line =>
        {
            Assert.Contains("\"tenant_id\"", line, StringComparison.Ordinal);
            Assert.Contains("\"region\"", line, StringComparison.Ordinal);
            Assert.DoesNotContain("'eu'", line, StringComparison.Ordinal);
            Assert.DoesNotContain("'uk'", line, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("postgres", "/data/orders?sort=amount")]
    [InlineData("postgres", "/data/orders?email=ann@example.com")]
    [InlineData("postgres", "/data/orders/aggregate?group_by=email")]
    [InlineData("sqlite", "/data/orders?sort=-email")]
    [InlineData("sqlite", "/data/orders?amount=900")]
    [InlineData("sqlite", "/data/orders/aggregate?group_by=amount")]
    public async Task Read_FilterSortOrGroupOnMaskedColumn_422WithoutStoredValues(string engine, string url)
    {
        var (status, body, response) = await Database(engine).GetAsync("mask", url);
        response.Dispose();

        Assert.Equal(422, status);
        Assert.Contains("NOT_SUPPORTED_FOR_SOURCE", body, StringComparison.Ordinal);
        Assert.Contains("column policy", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ann@example.com", body, StringComparison.Ordinal);
        Assert.DoesNotContain("900", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres", "SELECT order_id FROM orders ORDER BY amount")]
    [InlineData("postgres", "SELECT email AS m, COUNT(*) AS n FROM orders GROUP BY email")]
    [InlineData("sqlite", "SELECT order_id FROM orders WHERE email = 'ann@example.com'")]
    [InlineData("sqlite", "SELECT email AS m FROM orders ORDER BY m")]
    public async Task Sql_SortFilterOrGroupOnMaskedColumn_422WithoutStoredValues(string engine, string sql)
    {
        var (status, json) = await Database(engine).SqlAsync("mask", sql);

        Assert.Equal(422, status);
        Assert.Equal("NOT_SUPPORTED_FOR_SOURCE", json.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("ann@", json.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Sources_RowAndMaskKeys_RevealOnlyWhatTheyMaySee(string engine)
    {
        var database = Database(engine);
        var (_, plain) = await database.JsonAsync("plain", "/sources/orders");
        var (_, row) = await database.JsonAsync("row", "/sources/orders");
        var (_, mask) = await database.JsonAsync("mask", "/sources/orders");

        static Dictionary<string, JsonElement> Columns(JsonElement json) =>
            json.GetProperty("data").GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("900", Columns(plain)["amount"].GetProperty("max").GetString());
        Assert.Equal(6, plain.GetProperty("data").GetProperty("row_count").GetInt32());
        var rowColumns = Columns(row);
        Assert.Equal(2, row.GetProperty("data").GetProperty("row_count").GetInt32());
        Assert.Equal(["eu", "uk"], rowColumns["region"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["closed", "open"], rowColumns["status"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("100", rowColumns["amount"].GetProperty("min").GetString());
        Assert.Equal("250", rowColumns["amount"].GetProperty("max").GetString());
        var maskColumns = Columns(mask);
        Assert.False(maskColumns.ContainsKey("phone"));
        Assert.Equal(["a***@example.com", "b***@example.com", "c***@example.org", "d***@example.com", "e***@example.org", "f***@example.net"],
            maskColumns["email"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.DoesNotContain("ann@example.com", mask.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"900\"", mask.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("7946", mask.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Sources_PersonalData_FlaggedAsTheDataFileUnderEveryKeyHiddenColumnsNotListed(string engine)
    {
        static Dictionary<string, string?> Flags(JsonElement json) => json.GetProperty("data").GetProperty("columns").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.TryGetProperty("personal_data", out var kind) ? kind.GetString() : null);

        foreach (var key in new[] { "plain", "row", "mask" })
        {
            var (_, file) = await files.JsonAsync(key, "/sources/orders");
            var (_, database) = await Database(engine).JsonAsync(key, "/sources/orders");

            Assert.Equal(Flags(file), Flags(database));
            Assert.Equal("email", Flags(database)["email"]);
            Assert.Equal(key == "mask" ? [] : ["phone"], Flags(database).Where(c => c.Key == "phone").Select(c => c.Value));
        }
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Mcp_QueryData_RowAndColumnPoliciesApply(string engine)
    {
        var database = Database(engine);
        using var plain = database.ClientFor("plain");
        using var row = database.ClientFor("row");
        using var mask = database.ClientFor("mask");
        const string Arguments = """{"source": "orders", "sort": "order_id", "page_size": 10}""";

        var plainBody = await McpOverHttp.CallToolAsync(plain, "query_data", Arguments, Token);
        var rowBody = await McpOverHttp.CallToolAsync(row, "query_data", Arguments, Token);
        var maskBody = await McpOverHttp.CallToolAsync(mask, "query_data", Arguments, Token);

        Assert.Contains("cy@example.org", plainBody, StringComparison.Ordinal);
        Assert.Contains("ann@example.com", rowBody, StringComparison.Ordinal);
        Assert.Contains("bob@example.com", rowBody, StringComparison.Ordinal);
        Assert.DoesNotContain("cy@example.org", rowBody, StringComparison.Ordinal);
        Assert.DoesNotContain("dee@example.com", rowBody, StringComparison.Ordinal);
        Assert.Contains("a***@example.com", maskBody, StringComparison.Ordinal);
        Assert.DoesNotContain("ann@example.com", maskBody, StringComparison.Ordinal);
        Assert.DoesNotContain("7946", maskBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Aggregate_GroupByHashedColumn_GroupsAreTheHashesShownOnRows(string engine)
    {
        var database = Database(engine);
        var (_, key) = await AccessFixture.CreateKeyAsync(database.Server.Client, """{"name": "hashed", "column_policies": {"orders": {"email": "hash"}}}""");
        async Task<(int, JsonElement)> Get(string url)
        {
            using var request = AccessFixture.WithKey(HttpMethod.Get, url, key);
            using var response = await database.Server.Client.SendAsync(request, Token);
            return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone());
        }

        var (_, rows) = await Get("/data/orders?sort=order_id");
        var (status, groups) = await Get("/data/orders/aggregate?group_by=email,status&metrics=count");
        var (orderStatus, ordered) = await Get("/data/orders/aggregate?group_by=email&metrics=count&order_by=email");

        var shown = rows.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("email").GetString()!).ToList();
        Assert.All(shown, h => Assert.Matches("^h_[0-9a-f]{16}$", h));
        Assert.Equal(6, shown.Distinct().Count());
        Assert.Equal(200, status);
        Assert.Equal(shown.Order(StringComparer.Ordinal), groups.GetProperty("data").EnumerateArray().Select(g => g.GetProperty("email").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(groups.GetProperty("data").EnumerateArray(), g => Assert.Equal(1, g.GetProperty("count").GetInt32()));
        Assert.Equal(422, orderStatus);
        Assert.DoesNotContain("example", ordered.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task RowFilter_NamingAMissingColumn_403PolicyNotApplicable(string engine)
    {
        var database = Database(engine);
        var (_, key) = await AccessFixture.CreateKeyAsync(database.Server.Client, """{"name": "broken", "row_filters": {"orders": "nosuch = 1"}}""");
        using var request = AccessFixture.WithKey(HttpMethod.Get, "/data/orders", key);
        using var response = await database.Server.Client.SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("AUTH_POLICY_NOT_APPLICABLE", body, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", body, StringComparison.Ordinal);
    }
}
