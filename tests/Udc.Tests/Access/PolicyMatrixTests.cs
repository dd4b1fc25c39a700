using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Access;

/// <summary>
/// Every surface that reads a source, for a key under a row policy, a key under column policies and a key with neither:
/// exact rows and values. Each plain read comes first, so a cached answer crossing policies would show.
/// </summary>
public sealed class PolicyMatrixTests(PolicyMatrixFixture fixture) : IClassFixture<PolicyMatrixFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static int[] Ids(JsonElement rows) => [.. rows.EnumerateArray().Select(r => r.GetProperty("order_id").GetInt32())];

    [Theory]
    [InlineData("plain", new[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData("row", new[] { 1, 2 })]
    [InlineData("mask", new[] { 1, 2, 3, 4, 5, 6 })]
    public async Task Page_EachKey_ExactRowsAndTotal(string key, int[] expected)
    {
        var (status, json) = await fixture.JsonAsync(key, "/data/orders?sort=order_id");

        Assert.Equal(200, status);
        Assert.Equal(expected, Ids(json.GetProperty("data")));
        Assert.Equal(expected.Length, json.GetProperty("metadata").GetProperty("total_results").GetInt32());
    }

    [Fact]
    public async Task Page_MaskKey_ValuesMaskedPartialAndHidden()
    {
        await fixture.JsonAsync("plain", "/data/orders?sort=order_id");
        var (_, json) = await fixture.JsonAsync("mask", "/data/orders?sort=order_id");

        var first = json.GetProperty("data")[0];
        Assert.Equal("a***@example.com", first.GetProperty("email").GetString());
        Assert.Equal("****", first.GetProperty("amount").GetString());
        Assert.False(first.TryGetProperty("phone", out _));
        Assert.Equal("eu", first.GetProperty("region").GetString());
        var (_, plain) = await fixture.JsonAsync("plain", "/data/orders?sort=order_id");
        Assert.Equal("ann@example.com", plain.GetProperty("data")[0].GetProperty("email").GetString());
        Assert.Equal(100, plain.GetProperty("data")[0].GetProperty("amount").GetInt32());
    }

    [Fact]
    public async Task Stream_RowKey_OnlyItsRows()
    {
        var (_, plain, r1) = await fixture.GetAsync("plain", "/data/orders?stream=true&sort=order_id");
        var (status, body, r2) = await fixture.GetAsync("row", "/data/orders?stream=true&sort=order_id");
        r1.Dispose();
        r2.Dispose();

        Assert.Equal(200, status);
        Assert.Equal(6, plain.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var ids = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("order_id").GetInt32());
        Assert.Equal([1, 2], ids);
    }

    [Fact]
    public async Task Record_OtherTenantsRow_NotFoundForRowKey()
    {
        Assert.Equal(200, (await fixture.JsonAsync("plain", "/data/orders/3")).Status);
        var (status, json) = await fixture.JsonAsync("row", "/data/orders/3");
        var (own, ownJson) = await fixture.JsonAsync("row", "/data/orders/2");
        var (masked, maskedJson) = await fixture.JsonAsync("mask", "/data/orders/3");

        Assert.Equal(404, status);
        Assert.Equal("RECORD_NOT_FOUND", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(200, own);
        Assert.Equal("bob@example.com", ownJson.GetProperty("data").GetProperty("email").GetString());
        Assert.Equal(200, masked);
        Assert.Equal("c***@example.org", maskedJson.GetProperty("data").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Aggregate_RowKey_GroupsAndSumsOverItsRowsOnly()
    {
        var (_, plain) = await fixture.JsonAsync("plain", "/data/orders/aggregate?group_by=region&metrics=sum:amount");
        var (status, json) = await fixture.JsonAsync("row", "/data/orders/aggregate?group_by=region&metrics=sum:amount");

        Assert.Equal(3, plain.GetProperty("data").GetArrayLength());
        Assert.Equal(200, status);
        var groups = json.GetProperty("data").EnumerateArray().ToDictionary(g => g.GetProperty("region").GetString()!, g => g.GetProperty("sum_amount").GetDouble());
        Assert.Equal(new Dictionary<string, double> { ["eu"] = 100, ["uk"] = 250 }, groups);
    }

    [Fact]
    public async Task Aggregate_SumOfMaskedColumn_RefusedAsNotNumeric()
    {
        var (status, json) = await fixture.JsonAsync("mask", "/data/orders/aggregate?group_by=region&metrics=sum:amount");

        Assert.Equal(422, status);
        Assert.DoesNotContain("900", json.ToString());
    }

    [Fact]
    public async Task Filter_OnHiddenColumn_RefusedAsUnknown()
    {
        var (status, json) = await fixture.JsonAsync("mask", "/data/orders?phone=%2B44%2020%207946%200001");

        Assert.Equal(422, status);
        Assert.Contains("unknown parameter or column 'phone'", json.ToString());
        Assert.DoesNotContain("phone", json.GetProperty("error").GetProperty("details")[0].GetProperty("msg").GetString()!.Split("columns:")[1]);
    }

    [Fact]
    public async Task Filter_OnMaskedColumnsRealValue_MatchesNothing()
    {
        var (status, json) = await fixture.JsonAsync("mask", "/data/orders?email=ann@example.com");

        Assert.Equal(200, status);
        Assert.Equal(0, json.GetProperty("metadata").GetProperty("total_results").GetInt32());
    }

    [Fact]
    public async Task Export_RowKey_CsvHoldsOnlyItsRows()
    {
        var (_, plain, r1) = await fixture.GetAsync("plain", "/export/orders?export_format=csv");
        var (status, csv, r2) = await fixture.GetAsync("row", "/export/orders?export_format=csv");
        var (_, masked, r3) = await fixture.GetAsync("mask", "/export/orders?export_format=csv");
        r1.Dispose();
        r2.Dispose();
        r3.Dispose();

        Assert.Equal(200, status);
        Assert.Equal(7, plain.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("ann@example.com", csv);
        Assert.DoesNotContain("cy@example.org", csv);
        Assert.DoesNotContain("ann@example.com", masked);
        Assert.DoesNotContain("7946", masked);
        Assert.Contains("a***@example.com", masked);
    }

    [Fact]
    public async Task Sql_AliasesAndAggregatesOnMaskedColumns_RevealNothing()
    {
        var (plainStatus, plain) = await fixture.SqlAsync("plain", "SELECT email AS e FROM orders ORDER BY order_id");
        var (status, aliased) = await fixture.SqlAsync("mask", "SELECT email AS e, amount AS a FROM orders ORDER BY order_id");
        var (_, grouped) = await fixture.SqlAsync("mask", "SELECT email AS m, COUNT(*) AS n FROM orders GROUP BY email ORDER BY m");
        var (sumStatus, sum) = await fixture.SqlAsync("mask", "SELECT SUM(amount) AS total FROM orders");
        var (hiddenStatus, _) = await fixture.SqlAsync("mask", "SELECT phone AS p FROM orders");

        Assert.Equal(200, plainStatus);
        Assert.Equal("ann@example.com", plain.GetProperty("data")[0].GetProperty("e").GetString());
        Assert.Equal(200, status);
        Assert.Equal(["a***@example.com", "b***@example.com", "c***@example.org", "d***@example.com", "e***@example.org", "f***@example.net"],
            aliased.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("e").GetString()));
        Assert.All(aliased.GetProperty("data").EnumerateArray(), r => Assert.Equal("****", r.GetProperty("a").GetString()));
        Assert.Equal(6, grouped.GetProperty("data").GetArrayLength());
        Assert.Equal("a***@example.com", grouped.GetProperty("data")[0].GetProperty("m").GetString());
        Assert.DoesNotContain("ann@", grouped.ToString());
        Assert.Equal(422, sumStatus);
        Assert.DoesNotContain("1995", sum.ToString());
        Assert.Equal(422, hiddenStatus);
    }

    [Fact]
    public async Task Sql_SortOnMaskedColumn_CarriesNoOrder()
    {
        var (_, ascending) = await fixture.SqlAsync("mask", "SELECT order_id FROM orders ORDER BY amount ASC");
        var (_, descending) = await fixture.SqlAsync("mask", "SELECT order_id FROM orders ORDER BY amount DESC");
        var (_, plain) = await fixture.SqlAsync("plain", "SELECT order_id FROM orders ORDER BY amount ASC");

        Assert.Equal(Ids(ascending.GetProperty("data")), Ids(descending.GetProperty("data")));
        Assert.Equal([6, 4, 1, 2, 5, 3], Ids(plain.GetProperty("data")));
    }

    [Fact]
    public async Task Sql_RowKey_WhereCannotWidenThePolicy()
    {
        var (status, json) = await fixture.SqlAsync("row", "SELECT order_id FROM orders WHERE tenant_id = 2 OR region = 'us' ORDER BY order_id");
        var (_, count) = await fixture.SqlAsync("row", "SELECT COUNT(*) AS n FROM orders");

        Assert.Equal(200, status);
        Assert.Equal(0, json.GetProperty("data").GetArrayLength());
        Assert.Equal(2, count.GetProperty("data")[0].GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Sources_RowKey_CountsValuesAndRangesOfItsRowsOnly()
    {
        var (_, plain) = await fixture.JsonAsync("plain", "/sources/orders");
        var (status, json) = await fixture.JsonAsync("row", "/sources/orders");

        Assert.Equal(200, status);
        var columns = json.GetProperty("data").GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["eu", "uk"], columns["region"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["closed", "open"], columns["status"].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("100", columns["amount"].GetProperty("min").GetString());
        Assert.Equal("250", columns["amount"].GetProperty("max").GetString());
        Assert.Equal(2, json.GetProperty("data").GetProperty("row_count").GetInt32());
        var plainColumns = plain.GetProperty("data").GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("900", plainColumns["amount"].GetProperty("max").GetString());
    }

    [Fact]
    public async Task Sources_PlainKey_FlagsPersonalDataColumns()
    {
        var (_, json) = await fixture.JsonAsync("plain", "/sources/orders");

        var flags = json.GetProperty("data").GetProperty("columns").EnumerateArray()
            .Where(c => c.TryGetProperty("personal_data", out _))
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("personal_data").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["email"] = "email", ["phone"] = "phone" }, flags);
    }

    [Fact]
    public async Task Describe_MaskKey_HiddenColumnNotListedMaskedValuesOnly()
    {
        var (_, plain) = await fixture.JsonAsync("plain", "/sources/orders");
        var (_, json) = await fixture.JsonAsync("mask", "/sources/orders");

        Assert.Contains("\"phone\"", plain.ToString());
        Assert.DoesNotContain("\"phone\"", json.ToString());
        Assert.DoesNotContain("7946", json.ToString());
        var amount = json.GetProperty("data").GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "amount");
        Assert.Equal("string", amount.GetProperty("type").GetString());
        Assert.Equal(["****"], amount.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task SourceList_RowKey_CountsItsRows()
    {
        var (_, plain) = await fixture.JsonAsync("plain", "/sources");
        var (_, json) = await fixture.JsonAsync("row", "/sources");

        Assert.Equal(6, plain.GetProperty("data")[0].GetProperty("row_count").GetInt32());
        Assert.Equal(2, json.GetProperty("data")[0].GetProperty("row_count").GetInt32());
    }

    [Fact]
    public async Task Analytics_RowKey_TrendOverItsDaysOnly()
    {
        var (_, plain) = await fixture.JsonAsync("plain", "/analytics/orders/trend?measure=amount&bucket=day");
        var (status, json) = await fixture.JsonAsync("row", "/analytics/orders/trend?measure=amount&bucket=day");

        Assert.Equal(6, plain.GetProperty("data").GetArrayLength());
        Assert.Equal(200, status);
        Assert.Equal([100d, 250d], json.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("avg_amount").GetDouble()));
    }

    [Fact]
    public async Task Quality_RowKey_ReportsItsRowsOnly()
    {
        var (_, plain) = await fixture.JsonAsync("plain", "/quality/orders");
        var (status, json) = await fixture.JsonAsync("row", "/quality/orders");

        Assert.Equal(200, status);
        Assert.Contains("\"row_count\":6", plain.ToString().Replace(" ", ""));
        Assert.Contains("\"row_count\":2", json.ToString().Replace(" ", ""));
    }

    [Fact]
    public async Task Mcp_QueryData_RowAndColumnPoliciesApply()
    {
        using var plain = fixture.ClientFor("plain");
        using var row = fixture.ClientFor("row");
        using var mask = fixture.ClientFor("mask");

        var plainBody = await McpOverHttp.CallToolAsync(plain, "query_data", """{"source": "orders", "sort": "order_id", "page_size": 10}""", Token);
        var rowBody = await McpOverHttp.CallToolAsync(row, "query_data", """{"source": "orders", "sort": "order_id", "page_size": 10}""", Token);
        var maskBody = await McpOverHttp.CallToolAsync(mask, "query_data", """{"source": "orders", "sort": "order_id", "page_size": 10}""", Token);

        Assert.Contains("cy@example.org", plainBody);
        Assert.Contains("ann@example.com", rowBody);
        Assert.Contains("bob@example.com", rowBody);
        Assert.DoesNotContain("cy@example.org", rowBody);
        Assert.DoesNotContain("dee@example.com", rowBody);
        Assert.Contains("a***@example.com", maskBody);
        Assert.DoesNotContain("ann@example.com", maskBody);
        Assert.DoesNotContain("7946", maskBody);
    }

    [Fact]
    public async Task Mcp_Aggregate_RowKeyCountsItsRows()
    {
        using var row = fixture.ClientFor("row");

        var body = await McpOverHttp.CallToolAsync(row, "aggregate_data", """{"source": "orders", "group_by": ["status"]}""", Token);

        Assert.DoesNotContain("refunded", body);
        Assert.Contains("closed", body);
    }

    [Fact]
    public async Task Assistant_FastPathCount_CountsOnlyTheCallersRows()
    {
        using var plain = fixture.ClientFor("plain");
        using var row = fixture.ClientFor("row");
        var question = new StringContent("""{"provider": "openai", "user_query": "How many orders are there?"}""", System.Text.Encoding.UTF8, "application/json");

        using var plainResponse = await plain.PostAsync("/assistant/query", question, Token);
        using var rowResponse = await row.PostAsync("/assistant/query", new StringContent("""{"provider": "openai", "user_query": "How many orders are there?"}""", System.Text.Encoding.UTF8, "application/json"), Token);
        var plainJson = JsonDocument.Parse(await plainResponse.Content.ReadAsStringAsync(Token)).RootElement;
        var rowJson = JsonDocument.Parse(await rowResponse.Content.ReadAsStringAsync(Token)).RootElement;

        Assert.Equal("fast_path", rowJson.GetProperty("resolved_by").GetString());
        Assert.Contains("6", plainJson.GetProperty("answer").GetString());
        Assert.Contains("2", rowJson.GetProperty("answer").GetString());
        Assert.DoesNotContain("6", rowJson.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Sse_RowKey_LatestMetricsFromItsRows()
    {
        using var plain = fixture.ClientFor("plain");
        using var row = fixture.ClientFor("row");

        var plainEvent = await FirstEventAsync(plain);
        var rowEvent = await FirstEventAsync(row);

        Assert.Contains("\"value\":5", plainEvent.Replace(" ", ""));
        Assert.Contains("\"value\":250", rowEvent.Replace(" ", ""));
        Assert.DoesNotContain("\"value\":5,", rowEvent.Replace(" ", ""));
    }

    private static async Task<string> FirstEventAsync(HttpClient client)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        using var response = await client.GetAsync("/sse/metrics?sources=orders", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(200, (int)response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }
        throw new InvalidOperationException("the stream ended before any event");
    }

    [Fact]
    public async Task KeyList_ShowsPoliciesAsWritten()
    {
        using var response = await fixture.Server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/auth/api-keys"), Token);
        var keys = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;

        var row = keys.EnumerateArray().Single(k => k.GetProperty("key_id").GetString() == fixture.RowKeyId);
        Assert.Equal("1", row.GetProperty("tenant").GetString());
        Assert.Equal("region IN ('eu', 'uk')", row.GetProperty("row_filters").GetProperty("orders").GetString());
    }

    [Theory]
    [InlineData("""{"name": "x", "row_filters": {"orders": "region IN ('eu'"}}""", "row_filters")]
    [InlineData("""{"name": "x", "row_filters": {"orders": "region = 'eu' ORDER BY amount"}}""", "row_filters")]
    [InlineData("""{"name": "x", "column_policies": {"orders": {"email": "scramble"}}}""", "column_policies")]
    public async Task CreateKey_BadPolicy_422AtThePolicy(string body, string field)
    {
        using var response = await fixture.Server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Post, "/auth/api-keys", body), Token);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal(field, json.GetProperty("error").GetProperty("details")[0].GetProperty("loc")[1].GetString());
    }
}
