using System.Net;
using System.Text.Json;
using Udc.Tests.Features.Data;

namespace Udc.Tests.Features.Sources;

/// <summary><c>/sources</c> and <c>/sources/{source}</c>: what a client or a model can ask, learned over HTTP.</summary>
public sealed class SourcesApiTests(DemoServerFixture fixture) : IClassFixture<DemoServerFixture>
{
    private static readonly string[] s_textOperators = ["in", "ne", "contains", "startswith", "like", "isnull"];
    private static readonly string[] s_orderedOperators = ["in", "ne", "gt", "gte", "lt", "lte", "isnull"];

    [Fact]
    public async Task ListSources_DemoData_ThreeSourcesWithRowCounts()
    {
        var response = await fixture.Server.GetOkAsync("/sources");

        var sources = response.Data.EnumerateArray().ToList();
        Assert.Equal(["analytics", "crm", "support"], sources.Select(s => s.Text("name")));
        Assert.Equal([150L, 50L, 50L], sources.Select(s => s.Int("row_count")));
        Assert.Equal(["analytics.json", "customers.json", "support_tickets.json"], sources.Select(s => s.Text("file")));
        Assert.All(sources, s =>
        {
            Assert.Equal("ready", s.Text("status"));
            Assert.Equal("json", s.Text("format"));
            Assert.Equal(JsonValueKind.Null, s.GetProperty("error").ValueKind);
            Assert.Equal("fresh", s.Text("staleness_indicator"));
        });
        Assert.Equal(["data points", "customers", "tickets"], sources.Select(s => s.Text("noun")));
        Assert.Equal([null, "customer_id", "ticket_id"], sources.Select(s => s.GetProperty("id_column").GetString()));
        Assert.Equal(["date", "created_at", "created_at"], sources.Select(s => s.Text("time_column")));
        Assert.Equal(["time_series", "tabular", "tabular"], sources.Select(s => s.Text("data_type")));
        Assert.Equal(3, response.Metadata.Int("total_results"));
        Assert.Equal("3 sources: analytics (150 data points), crm (50 customers) and support (50 tickets).", response.Metadata.Text("voice_context"));
    }

    [Fact]
    public async Task DescribeSource_Support_ColumnsWithTypesCountsValuesAndOperators()
    {
        var response = await fixture.Server.GetOkAsync("/sources/support");

        Assert.Equal("support", response.Data.Text("name"));
        Assert.Equal(50, response.Data.Int("row_count"));
        var columns = response.Data.GetProperty("columns").EnumerateArray().ToDictionary(c => c.Text("name"));
        Assert.Equal(["ticket_id", "customer_id", "subject", "status", "priority", "created_at"], columns.Keys);
        Assert.Equal(
            ["integer", "integer", "string", "string", "string", "timestamp"],
            columns.Values.Select(c => c.Text("type")));
        Assert.All(columns.Values, c => Assert.Equal(0, c.Int("null_count")));

        Assert.Equal(50, columns["ticket_id"].Int("distinct_count"));
        Assert.Equal("101", columns["ticket_id"].Text("min"));
        Assert.Equal("150", columns["ticket_id"].Text("max"));
        Assert.False(columns["ticket_id"].TryGetProperty("values", out _));
        Assert.Equal(s_orderedOperators, columns["ticket_id"].GetProperty("operators").Strings());

        Assert.Equal(3, columns["status"].Int("distinct_count"));
        Assert.Equal(["closed", "open", "pending"], columns["status"].GetProperty("values").Strings());
        Assert.Equal(["high", "low", "medium"], columns["priority"].GetProperty("values").Strings());
        Assert.Equal(s_textOperators, columns["status"].GetProperty("operators").Strings());
        Assert.False(columns["status"].TryGetProperty("min", out _));

        Assert.Equal(s_orderedOperators, columns["created_at"].GetProperty("operators").Strings());
        Assert.StartsWith("2024-", columns["created_at"].Text("min"), StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(columns["created_at"].Text("min"), columns["created_at"].Text("max")) < 0);
        Assert.Equal(
            "support has 50 tickets with 6 columns: ticket id, customer id, subject, status, priority, created at.",
            response.Metadata.Text("voice_context"));
    }

    [Fact]
    public async Task DescribeSource_Support_MemoryPerRowAndPerColumn()
    {
        var data = (await fixture.Server.GetOkAsync("/sources/support")).Data;

        var memory = data.GetProperty("memory");
        var columns = memory.GetProperty("columns").EnumerateArray().ToDictionary(c => c.Text("name"), c => c.Int("bytes"));
        Assert.Equal(["ticket_id", "customer_id", "subject", "status", "priority", "created_at"], columns.Keys);
        // 50 rows: 8 bytes a row for integers and instants; 4 for a dictionary code, plus its few values.
        Assert.Equal(400, columns["ticket_id"]);
        Assert.Equal(400, columns["created_at"]);
        Assert.InRange(columns["status"], 200, 400);
        Assert.Equal(columns.Values.Sum(), memory.Int("bytes"));
        Assert.Equal(Math.Round(memory.Int("bytes") / 50.0, 1), memory.Number("bytes_per_row"));
        Assert.Equal("file", data.Text("loaded_from"));
    }

    [Fact]
    public async Task DescribeSource_Support_ProfileAgreesWithTheData()
    {
        var rows = await fixture.Server.StreamAllAsync("support");

        var response = await fixture.Server.GetOkAsync("/sources/support");

        var columns = response.Data.GetProperty("columns").EnumerateArray().ToDictionary(c => c.Text("name"));
        Assert.Equal(rows.Select(r => r.Int("customer_id")).Distinct().Count(), columns["customer_id"].Int("distinct_count"));
        Assert.Equal(rows.Min(r => r.Int("customer_id")).ToString(System.Globalization.CultureInfo.InvariantCulture), columns["customer_id"].Text("min"));
        Assert.Equal(rows.Select(r => r.Text("subject")).Distinct().Count(), columns["subject"].Int("distinct_count"));
        Assert.Equal(rows.Max(r => r.Text("created_at")), columns["created_at"].Text("max"));
    }

    [Fact]
    public async Task DescribeSource_Analytics_MetricNamesAndNumericValue()
    {
        var response = await fixture.Server.GetOkAsync("/sources/analytics");

        var columns = response.Data.GetProperty("columns").EnumerateArray().ToDictionary(c => c.Text("name"));
        Assert.Equal(
            ["conversion_rate", "daily_active_users", "error_rate", "page_views", "session_duration"],
            columns["metric"].GetProperty("values").Strings());
        Assert.Equal("number", columns["value"].Text("type"));
        Assert.Equal("timestamp", columns["date"].Text("type"));
        Assert.Equal("2024-03-02", columns["date"].Text("min"));
        Assert.Equal("2024-03-31", columns["date"].Text("max"));
        Assert.Equal(30, columns["date"].Int("distinct_count"));
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("id_column").ValueKind);
    }

    [Fact]
    public async Task DescribeSource_Crm_StatusValuesAreTheSeeds()
    {
        var response = await fixture.Server.GetOkAsync("/sources/crm");

        var status = response.Data.GetProperty("columns").EnumerateArray().Single(c => c.Text("name") == "status");
        Assert.Equal(["active", "churned", "inactive"], status.GetProperty("values").Strings());
    }

    [Theory]
    [InlineData("/sources/billing")]
    [InlineData("/sources/Support")]
    public async Task DescribeSource_Unknown_400UnknownDataSource(string url)
    {
        var response = await fixture.Server.GetAsync(url);

        var detail = Assert.Single(response.ExpectError(HttpStatusCode.BadRequest, "UNKNOWN_DATA_SOURCE").EnumerateArray());
        Assert.Equal(["path", "source"], detail.GetProperty("loc").Strings());
        Assert.Contains("analytics, crm, support", detail.Text("msg"), StringComparison.Ordinal);
    }
}
