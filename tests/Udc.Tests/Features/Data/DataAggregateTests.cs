using System.Net;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Features.Data;

/// <summary>
/// <c>/data/{source}/aggregate</c>: every count and metric is checked against a number computed independently,
/// from <c>/data</c> totals or from the streamed rows.
/// </summary>
public abstract class DataAggregateTests(IDemoServerFixture fixture)
{
    /// <summary>Over the demo data files.</summary>
    public sealed class OnFiles(DemoServerFixture fixture) : DataAggregateTests(fixture), IClassFixture<DemoServerFixture>;

    /// <summary>Over the same rows in PostgreSQL tables: the same assertions hold.</summary>
    public sealed class OnPostgres(PostgresDemoServerFixture fixture) : DataAggregateTests(fixture), IClassFixture<PostgresDemoServerFixture>;

    /// <summary>Over the same rows in a SQLite file: the same assertions hold.</summary>
    public sealed class OnSqlite(SqliteDemoServerFixture fixture) : DataAggregateTests(fixture), IClassFixture<SqliteDemoServerFixture>;

    private static readonly string[] s_statuses = ["open", "pending", "closed"];
    private static readonly string[] s_priorities = ["low", "medium", "high"];

    [Fact]
    public async Task GroupByStatusAndPriority_Counts_EqualDataTotalsPerCombination()
    {
        var response = await fixture.Server.GetOkAsync("/data/support/aggregate?group_by=status,priority");

        var groups = response.Data.EnumerateArray().ToDictionary(g => (g.Text("status"), g.Text("priority")), g => g.Int("count"));
        foreach (var status in s_statuses)
        {
            foreach (var priority in s_priorities)
            {
                var total = (await fixture.Server.GetOkAsync($"/data/support?status={status}&priority={priority}&page_size=1")).Metadata.Int("total_results");
                Assert.Equal(total, groups.GetValueOrDefault((status, priority)));
            }
        }
        Assert.Equal(50, groups.Values.Sum());
        Assert.All(response.Data.EnumerateArray(), g => Assert.Equal(["status", "priority", "count"], g.EnumerateObject().Select(p => p.Name)));
        var counts = response.Data.EnumerateArray().Select(g => g.Int("count")).ToList();
        Assert.Equal(counts.OrderDescending(), counts);
        var metadata = response.Metadata;
        Assert.Equal(50, metadata.Int("total_results"));
        Assert.Equal(groups.Count, metadata.Int("returned_results"));
        Assert.Equal(groups.Count, metadata.Int("total_groups"));
        Assert.False(metadata.GetProperty("truncated").GetBoolean());
        Assert.Equal(["status", "priority"], metadata.GetProperty("group_by").Strings());
        Assert.Equal(["count"], metadata.GetProperty("metrics").Strings());
        Assert.Equal("support", metadata.Text("source"));
        Assert.Equal("tabular", metadata.Text("data_type"));
    }

    [Fact]
    public async Task Filtered_GroupByPriority_CountsSumToFilteredTotal()
    {
        var total = (await fixture.Server.GetOkAsync("/data/support?status=open")).Metadata.Int("total_results");

        var response = await fixture.Server.GetOkAsync("/data/support/aggregate?status=open&group_by=priority");

        Assert.Equal(total, response.Data.EnumerateArray().Sum(g => g.Int("count")));
        Assert.Equal(total, response.Metadata.Int("total_results"));
        var filter = Assert.Single(response.Metadata.GetProperty("applied_filters").EnumerateArray());
        Assert.Equal("status", filter.Text("column"));
        Assert.StartsWith($"{total} open tickets: ", response.Metadata.Text("voice_context"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoGroupBy_DefaultMetric_OneCountOfAllRows()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm/aggregate");

        var group = Assert.Single(response.Data.EnumerateArray());
        Assert.Equal(["count"], group.EnumerateObject().Select(p => p.Name));
        Assert.Equal(50, group.Int("count"));
        Assert.Equal("50 customers.", response.Metadata.Text("voice_context"));
    }

    [Fact]
    public async Task AnalyticsValueMetrics_PerMetric_MatchValuesComputedFromRows()
    {
        var rows = await fixture.Server.StreamAllAsync("analytics");

        var response = await fixture.Server.GetOkAsync("/data/analytics/aggregate?group_by=metric&metrics=count,sum:value,avg:value,min:value,max:value");

        Assert.Equal(5, response.Data.GetArrayLength());
        foreach (var group in response.Data.EnumerateArray())
        {
            var values = rows.Where(r => r.Text("metric") == group.Text("metric")).Select(r => r.Number("value")).ToList();
            Assert.Equal(["metric", "count", "sum_value", "avg_value", "min_value", "max_value"], group.EnumerateObject().Select(p => p.Name));
            Assert.Equal(values.Count, group.Int("count"));
            AssertClose(values.Sum(), group.Number("sum_value"));
            AssertClose(values.Average(), group.Number("avg_value"));
            Assert.Equal(values.Min(), group.Number("min_value"));
            Assert.Equal(values.Max(), group.Number("max_value"));
        }
        Assert.Equal(["count", "sum:value", "avg:value", "min:value", "max:value"], response.Metadata.GetProperty("metrics").Strings());
        Assert.Equal("time_series", response.Metadata.Text("data_type"));
    }

    [Fact]
    public async Task AnalyticsFiltered_SumOfOneMetricInARange_MatchesRows()
    {
        var rows = await fixture.Server.StreamAllAsync("analytics", "metric=page_views&start_date=2024-03-10&end_date=2024-03-16");
        Assert.Equal(7, rows.Count);

        var response = await fixture.Server.GetOkAsync("/data/analytics/aggregate?metric=page_views&start_date=2024-03-10&end_date=2024-03-16&metrics=sum:value,avg:value");

        var group = Assert.Single(response.Data.EnumerateArray());
        AssertClose(rows.Sum(r => r.Number("value")), group.Number("sum_value"));
        AssertClose(rows.Average(r => r.Number("value")), group.Number("avg_value"));
    }

    [Fact]
    public async Task TimestampExtremes_MinAndMaxDate_AreDates()
    {
        var response = await fixture.Server.GetOkAsync("/data/analytics/aggregate?metrics=min:date,max:date");

        var group = Assert.Single(response.Data.EnumerateArray());
        Assert.Equal("2024-03-02", group.Text("min_date"));
        Assert.Equal("2024-03-31", group.Text("max_date"));
    }

    [Fact]
    public async Task IntegerSum_CustomerIds_WholeNumber()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm/aggregate?metrics=sum:customer_id,max:customer_id");

        var group = Assert.Single(response.Data.EnumerateArray());
        Assert.Equal("1275", group.GetProperty("sum_customer_id").GetRawText());
        Assert.Equal("50", group.GetProperty("max_customer_id").GetRawText());
    }

    [Fact]
    public async Task Limit_BelowGroupCount_TruncatedLargestFirst()
    {
        var all = await fixture.Server.GetOkAsync("/data/crm/aggregate?group_by=status");

        var response = await fixture.Server.GetOkAsync("/data/crm/aggregate?group_by=status&limit=2");

        Assert.Equal(2, response.Data.GetArrayLength());
        Assert.Equal(all.Data[0].GetRawText(), response.Data[0].GetRawText());
        Assert.Equal(all.Data[1].GetRawText(), response.Data[1].GetRawText());
        Assert.True(response.Metadata.GetProperty("truncated").GetBoolean());
        Assert.Equal(3, response.Metadata.Int("total_groups"));
        Assert.Equal(2, response.Metadata.Int("returned_results"));
    }

    [Theory]
    [InlineData("avg:metric", "valid: value")]
    [InlineData("sum:date", "valid: value")]
    [InlineData("min:metric", "valid: date, value")]
    [InlineData("sum:nope", "columns: metric, date, value")]
    [InlineData("median:value", "unknown metric")]
    [InlineData("avg", "needs a column")]
    [InlineData("count:value", "count takes no column")]
    public async Task BadMetric_422NamingValidColumns(string metric, string expectedInMessage)
    {
        var response = await fixture.Server.GetAsync($"/data/analytics/aggregate?metrics={metric}");

        var detail = Assert.Single(response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR").EnumerateArray());
        Assert.Equal(["query", "metrics"], detail.GetProperty("loc").Strings());
        Assert.Contains(expectedInMessage, detail.Text("msg"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("group_by=nope", "group_by")]
    [InlineData("group_by=status,priority,subject,customer_id,ticket_id", "group_by")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("status__gt=open", "status__gt")]
    [InlineData("page=1", "page")]
    [InlineData("page_size=5", "page_size")]
    public async Task BadParameter_422WithItsLoc(string query, string parameter)
    {
        var response = await fixture.Server.GetAsync($"/data/support/aggregate?{query}");

        var details = response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR");
        Assert.Contains(details.EnumerateArray(), d => d.GetProperty("loc").Strings().SequenceEqual(["query", parameter]));
    }

    [Fact]
    public async Task StreamRequested_422NamingStream()
    {
        var response = await fixture.Server.GetAsync("/data/support/aggregate?stream=true");

        var detail = Assert.Single(response.ExpectError(HttpStatusCode.UnprocessableEntity, "VALIDATION_ERROR").EnumerateArray());
        Assert.Equal(["query", "stream"], detail.GetProperty("loc").Strings());
    }

    [Fact]
    public async Task UnknownSource_400UnknownDataSource()
    {
        var response = await fixture.Server.GetAsync("/data/billing/aggregate?group_by=status");

        response.ExpectError(HttpStatusCode.BadRequest, "UNKNOWN_DATA_SOURCE");
    }

    /// <summary>
    /// Integers past 2^53 (snowflake ids, byte counts) have no exact double: a min, max or sum of them must
    /// still be the exact integer, as <c>/sources</c> and <c>/data</c> show it.
    /// </summary>
    [Fact]
    public async Task IntegersPast2Pow53_MinMaxSum_Exact()
    {
        using var folder = new TempDataDirectory();
        folder.Write("events.json", """
            [
              {"event_id": 9007199254740993, "bytes": 9007199254740993},
              {"event_id": 9007199254740995, "bytes": 2},
              {"event_id": 3, "bytes": 1}
            ]
            """);
        await using var server = await UdcTestServer.StartAsync(folder.Path);

        var response = await server.GetOkAsync("/data/events/aggregate?metrics=min:event_id,max:event_id,sum:bytes,max:bytes");

        var group = Assert.Single(response.Data.EnumerateArray());
        Assert.Equal("3", group.GetProperty("min_event_id").GetRawText());
        Assert.Equal("9007199254740995", group.GetProperty("max_event_id").GetRawText());
        Assert.Equal("9007199254740996", group.GetProperty("sum_bytes").GetRawText());
        Assert.Equal("9007199254740993", group.GetProperty("max_bytes").GetRawText());
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
