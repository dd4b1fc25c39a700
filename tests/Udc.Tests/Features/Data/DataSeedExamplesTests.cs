using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Udc.Tests.Features.Data;

/// <summary>
/// The examples of the seed's API documentation, run as a client written for the seed would run them: the same
/// field names with the same JSON types in <c>data</c> and <c>metadata</c>.
/// </summary>
public abstract class DataSeedExamplesTests(IDemoServerFixture fixture)
{
    /// <summary>Over the demo data files.</summary>
    public sealed class OnFiles(DemoServerFixture fixture) : DataSeedExamplesTests(fixture), IClassFixture<DemoServerFixture>;

    /// <summary>Over the same rows in PostgreSQL tables: the same assertions hold.</summary>
    public sealed class OnPostgres(PostgresDemoServerFixture fixture) : DataSeedExamplesTests(fixture), IClassFixture<PostgresDemoServerFixture>;

    /// <summary>Over the same rows in a SQLite file: the same assertions hold.</summary>
    public sealed class OnSqlite(SqliteDemoServerFixture fixture) : DataSeedExamplesTests(fixture), IClassFixture<SqliteDemoServerFixture>;

    private static readonly string[] s_stalenessValues = ["fresh", "stale", "very_stale"];

    [Fact]
    public async Task CrmFirstPage_QuickVerification_SeedShape()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm?page=1&page_size=5");

        Assert.Equal(5, response.Data.GetArrayLength());
        Assert.All(response.Data.EnumerateArray(), AssertCustomerShape);
        var metadata = AssertSeedMetadata(response.Metadata, "tabular");
        Assert.Equal(50, metadata.Int("total_results"));
        Assert.Equal(5, metadata.Int("returned_results"));
        Assert.Equal(1, metadata.Int("page"));
        Assert.Equal(5, metadata.Int("page_size"));
        Assert.Equal(10, metadata.Int("total_pages"));
        Assert.True(metadata.GetProperty("has_next").GetBoolean());
    }

    [Fact]
    public async Task ActiveCustomers_FirstFive_OnlyActiveAndCountedAsSeedSays()
    {
        var active = (await fixture.Server.StreamAllAsync("crm")).Count(r => r.Text("status") == "active");

        var response = await fixture.Server.GetOkAsync("/data/crm?status=active&page=1&page_size=5");

        Assert.Equal(5, response.Data.GetArrayLength());
        Assert.All(response.Data.EnumerateArray(), row =>
        {
            AssertCustomerShape(row);
            Assert.Equal("active", row.Text("status"));
        });
        var metadata = AssertSeedMetadata(response.Metadata, "tabular");
        Assert.Equal(active, metadata.Int("total_results"));
        Assert.Equal((active + 4) / 5, metadata.Int("total_pages"));
        Assert.Equal($"Showing 5 of {active} active customers, newest first.", metadata.Text("voice_context"));
    }

    [Fact]
    public async Task OpenHighPriorityTickets_SeedExample_EveryRowMatchesAndNoneMissing()
    {
        var expected = (await fixture.Server.StreamAllAsync("support"))
            .Where(r => r.Text("status") == "open" && r.Text("priority") == "high")
            .Select(r => r.Int("ticket_id"))
            .Order()
            .ToList();
        Assert.NotEmpty(expected);

        var response = await fixture.Server.GetOkAsync("/data/support?status=open&priority=high&page_size=50");

        Assert.All(response.Data.EnumerateArray(), AssertTicketShape);
        Assert.Equal(expected, response.Data.EnumerateArray().Select(r => r.Int("ticket_id")).Order());
        var metadata = AssertSeedMetadata(response.Metadata, "tabular");
        Assert.Equal(expected.Count, metadata.Int("total_results"));
        Assert.Contains("open high priority ticket", metadata.Text("voice_context"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyticsJanuary_SeedExampleOutsideDemoWindow_EmptyPageWithSeedShape()
    {
        // The demo analytics cover 2024-03-02..2024-03-31, so the seed's January query matches nothing.
        var response = await fixture.Server.GetOkAsync("/data/analytics?metric=daily_active_users&start_date=2024-01-01&end_date=2024-01-31");

        Assert.Equal(0, response.Data.GetArrayLength());
        var metadata = AssertSeedMetadata(response.Metadata, "time_series");
        Assert.Equal(0, metadata.Int("total_results"));
        Assert.Equal(0, metadata.Int("total_pages"));
        Assert.False(metadata.GetProperty("has_next").GetBoolean());
        Assert.StartsWith("There are no daily active users", metadata.Text("voice_context"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyticsFirstWeekOfMarch_DateRange_InclusiveDaysOfOneMetric()
    {
        var response = await fixture.Server.GetOkAsync("/data/analytics?metric=daily_active_users&start_date=2024-03-01&end_date=2024-03-07");

        var rows = response.Data.EnumerateArray().ToList();
        // March 2 is the first demo day; March 7 is included whole.
        Assert.Equal(["2024-03-07", "2024-03-06", "2024-03-05", "2024-03-04", "2024-03-03", "2024-03-02"], rows.Select(r => r.Text("date")));
        Assert.All(rows, row =>
        {
            Assert.Equal(["metric", "date", "value"], row.EnumerateObject().Select(p => p.Name));
            Assert.Equal("daily_active_users", row.Text("metric"));
            Assert.Equal(JsonValueKind.Number, row.GetProperty("value").ValueKind);
        });
        AssertSeedMetadata(response.Metadata, "time_series");
        Assert.Equal(6, response.Metadata.Int("total_results"));
    }

    [Fact]
    public async Task CrmStream_SeedExample_NdjsonWithAllFiftyCustomers()
    {
        var response = await fixture.Server.GetAsync("/data/crm?stream=true");

        response.Expect(HttpStatusCode.OK);
        Assert.Equal("application/x-ndjson", response.MediaType);
        Assert.Equal("50", response.Headers["x-total-count"]);
        var lines = response.Body.TrimEnd('\n').Split('\n');
        Assert.Equal(50, lines.Length);
        var rows = Api.NdjsonLines(response);
        Assert.All(rows, AssertCustomerShape);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), rows.Select(r => r.Int("customer_id")).Order());
    }

    [Fact]
    public async Task CrmPage_DefaultOrder_NewestFirstAsSeedSortStage()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm?page_size=50");

        var created = response.Data.EnumerateArray().Select(r => DateTimeOffset.Parse(r.Text("created_at"), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(created.OrderDescending(), created);
        Assert.Equal(["-created_at"], response.Metadata.GetProperty("sort").Strings());
    }

    /// <summary>The seed's metadata fields with the seed's types; returns the metadata.</summary>
    internal static JsonElement AssertSeedMetadata(JsonElement metadata, string dataType)
    {
        foreach (var name in new[] { "total_results", "returned_results", "page", "page_size", "total_pages" })
        {
            Assert.True(metadata.GetProperty(name).TryGetInt32(out var value) && value >= 0, $"{name} must be a non-negative integer");
        }
        Assert.Contains(metadata.GetProperty("has_next").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.False(string.IsNullOrWhiteSpace(metadata.Text("data_freshness")));
        Assert.Contains(metadata.Text("staleness_indicator"), s_stalenessValues);
        Assert.Equal(dataType, metadata.Text("data_type"));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Text("voice_context")));
        return metadata;
    }

    internal static void AssertCustomerShape(JsonElement row)
    {
        Assert.Equal(["customer_id", "name", "email", "status", "created_at"], row.EnumerateObject().Select(p => p.Name));
        Assert.True(row.GetProperty("customer_id").TryGetInt64(out _));
        Assert.Equal(JsonValueKind.String, row.GetProperty("name").ValueKind);
        Assert.Contains("@", row.Text("email"), StringComparison.Ordinal);
        Assert.Contains(row.Text("status"), new[] { "active", "inactive", "churned" });
        AssertInstant(row.Text("created_at"));
    }

    internal static void AssertTicketShape(JsonElement row)
    {
        Assert.Equal(["ticket_id", "customer_id", "subject", "status", "priority", "created_at"], row.EnumerateObject().Select(p => p.Name));
        Assert.True(row.GetProperty("ticket_id").TryGetInt64(out _));
        Assert.True(row.GetProperty("customer_id").TryGetInt64(out _));
        Assert.Equal(JsonValueKind.String, row.GetProperty("subject").ValueKind);
        Assert.Contains(row.Text("status"), new[] { "open", "pending", "closed" });
        Assert.Contains(row.Text("priority"), new[] { "low", "medium", "high" });
        AssertInstant(row.Text("created_at"));
    }

    /// <summary>The seed's timestamp form, <c>2024-03-15T10:30:00Z</c>.</summary>
    private static void AssertInstant(string text) =>
        Assert.True(DateTime.TryParseExact(text, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _), $"'{text}' is not yyyy-MM-ddTHH:mm:ssZ");
}
