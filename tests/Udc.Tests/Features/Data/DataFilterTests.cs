using System.Globalization;
using System.Text.Json;

namespace Udc.Tests.Features.Data;

/// <summary>
/// Column filters and operators over HTTP. Each expectation is computed independently from the full NDJSON
/// stream of the source, so a filter that drops or adds a row fails.
/// </summary>
public abstract class DataFilterTests(IDemoServerFixture fixture)
{
    /// <summary>Over the demo data files.</summary>
    public sealed class OnFiles(DemoServerFixture fixture) : DataFilterTests(fixture), IClassFixture<DemoServerFixture>;

    /// <summary>Over the same rows in PostgreSQL tables: the same assertions hold.</summary>
    public sealed class OnPostgres(PostgresDemoServerFixture fixture) : DataFilterTests(fixture), IClassFixture<PostgresDemoServerFixture>;

    /// <summary>Over the same rows in a SQLite file: the same assertions hold.</summary>
    public sealed class OnSqlite(SqliteDemoServerFixture fixture) : DataFilterTests(fixture), IClassFixture<SqliteDemoServerFixture>;

    public static TheoryData<string, string> TicketFilters => new()
    {
        { "status=open,pending", "status in open|pending" },
        { "status__in=open,pending", "status in open|pending" },
        { "status__eq=closed", "status in closed" },
        { "status=OPEN", "status in open" },
        { "status=open&status=closed", "status in open|closed" },
        { "status__ne=closed", "status not closed" },
        { "status__ne=closed,open", "status not closed|open" },
        { "priority=high&status=open", "priority in high; status in open" },
        { "customer_id=7", "customer_id = 7" },
        { "customer_id__gt=10&customer_id__lte=20", "customer_id > 10; customer_id <= 20" },
        { "customer_id__gte=45", "customer_id >= 45" },
        { "customer_id__lt=3", "customer_id < 3" },
        { "ticket_id__ne=101", "ticket_id != 101" },
        { "ticket_id=101,102,103,104,105,106,107,108,109,110", "ticket_id 101..110" },
        { "customer_id__gt=5&customer_id__gt=40", "customer_id > 40" },
        { "subject__contains=LOGIN", "subject contains login" },
        { "subject__startswith=cannot", "subject starts cannot" },
        { "created_at__gte=2024-03-01", "created >= 2024-03-01" },
        { "created_at__lt=2024-02-01T00:00:00Z", "created < 2024-02-01" },
        { "created_at__gt=2024-03-15T10:30:00%2B02:00", "created > 2024-03-15T08:30:00Z" },
        { "start_date=2024-02-01&end_date=2024-02-29", "created in February" },
        { "ticket_id__isnull=false", "all" },
        { "ticket_id__isnull=true", "none" },
    };

    [Theory]
    [MemberData(nameof(TicketFilters))]
    public async Task Support_Filter_MatchesExactlyTheRowsComputedFromTheStream(string query, string meaning)
    {
        var all = await fixture.Server.StreamAllAsync("support");
        var expected = all.Where(Predicate(meaning)).Select(r => r.Int("ticket_id")).Order().ToList();

        var page = await fixture.Server.GetOkAsync($"/data/support?{query}&page_size=50");
        var streamed = await fixture.Server.StreamAllAsync("support", query);

        Assert.Equal(expected.Count, page.Metadata.Int("total_results"));
        Assert.Equal(expected, page.Data.EnumerateArray().Select(r => r.Int("ticket_id")).Order());
        Assert.Equal(expected, streamed.Select(r => r.Int("ticket_id")).Order());
    }

    [Fact]
    public async Task Analytics_NumericAndDateOperators_MatchComputedRows()
    {
        var all = await fixture.Server.StreamAllAsync("analytics");
        var expected = all.Count(r => r.Text("metric") == "page_views" && r.Number("value") > 30_000 && string.CompareOrdinal(r.Text("date"), "2024-03-10") >= 0);

        var response = await fixture.Server.GetOkAsync("/data/analytics?metric=page_views&value__gt=30000&date__gte=2024-03-10&page_size=50");

        Assert.Equal(expected, response.Metadata.Int("total_results"));
        Assert.All(response.Data.EnumerateArray(), row =>
        {
            Assert.Equal("page_views", row.Text("metric"));
            Assert.True(row.Number("value") > 30_000);
            Assert.True(string.CompareOrdinal(row.Text("date"), "2024-03-10") >= 0);
        });
    }

    [Fact]
    public async Task Analytics_DoubleEquality_MatchesTheWrittenValue()
    {
        var first = (await fixture.Server.GetOkAsync("/data/analytics?metric=error_rate&page_size=1")).Data[0];
        var value = first.GetProperty("value").GetRawText();

        var response = await fixture.Server.GetOkAsync($"/data/analytics?metric=error_rate&value={value}&page_size=50");

        Assert.Contains(response.Data.EnumerateArray(), r => r.Text("date") == first.Text("date"));
        Assert.All(response.Data.EnumerateArray(), r => Assert.Equal(first.Number("value"), r.Number("value")));
    }

    [Fact]
    public async Task Crm_BareDateOnInstantColumn_MatchesTheWholeDay()
    {
        var newest = (await fixture.Server.GetOkAsync("/data/crm?page_size=1")).Data[0];
        var day = newest.Text("created_at")[..10];
        var all = await fixture.Server.StreamAllAsync("crm");

        var response = await fixture.Server.GetOkAsync($"/data/crm?created_at={day}&page_size=50");

        Assert.Equal(all.Count(r => r.Text("created_at").StartsWith(day, StringComparison.Ordinal)), response.Metadata.Int("total_results"));
        Assert.Contains(response.Data.EnumerateArray(), r => r.Int("customer_id") == newest.Int("customer_id"));
    }

    [Fact]
    public async Task Crm_FreeTextQuery_CaseInsensitiveSubstringOfAnyTextColumn()
    {
        var all = await fixture.Server.StreamAllAsync("crm");
        var expected = all.Count(r => new[] { "name", "email", "status" }.Any(c => r.Text(c).Contains("SON", StringComparison.OrdinalIgnoreCase)));
        Assert.True(expected > 0);

        var response = await fixture.Server.GetOkAsync("/data/crm?query=SON&page_size=50");

        Assert.Equal(expected, response.Metadata.Int("total_results"));
        Assert.Equal("SON", response.Metadata.Text("query"));
        Assert.Contains("matching \"SON\"", response.Metadata.Text("voice_context"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crm_NoMatch_EmptyPageAndThereAreNoSentence()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm?status=nonexistent");

        Assert.Equal(0, response.Data.GetArrayLength());
        Assert.Equal(0, response.Metadata.Int("total_results"));
        Assert.Equal("There are no nonexistent customers.", response.Metadata.Text("voice_context"));
    }

    [Fact]
    public async Task Support_AppliedFilters_EchoParameterColumnOperatorAndValues()
    {
        var response = await fixture.Server.GetOkAsync("/data/support?status=open&priority__in=high,medium&customer_id__gt=3&subject__contains=a%2Cb&start_date=2024-01-15&end_date=2024-03-20");

        var filters = response.Metadata.GetProperty("applied_filters").EnumerateArray()
            .Select(f => $"{f.Text("parameter")}|{f.Text("column")}|{f.Text("operator")}|{string.Join(";", f.GetProperty("values").Strings())}")
            .ToList();
        Assert.Equal(
            [
                "status|status|in|open",
                "priority__in|priority|in|high;medium",
                "customer_id__gt|customer_id|gt|3",
                "subject__contains|subject|contains|a,b",
                "start_date|created_at|gte|2024-01-15",
                "end_date|created_at|lte|2024-03-20",
            ],
            filters);
        Assert.Equal(["-created_at"], response.Metadata.GetProperty("sort").Strings());
        Assert.Equal("support", response.Metadata.Text("source"));
    }

    [Fact]
    public async Task Support_DateRange_VoiceContextSpellsTheRange()
    {
        var response = await fixture.Server.GetOkAsync("/data/support?status=open&start_date=2024-03-01&end_date=2024-03-07");

        var voice = response.Metadata.Text("voice_context");
        Assert.Contains("open ticket", voice, StringComparison.Ordinal);
        Assert.Contains("from March 1, 2024 to March 7, 2024", voice, StringComparison.Ordinal);
    }

    /// <summary>The meaning of a filter, evaluated by hand on a streamed ticket.</summary>
    private static Func<JsonElement, bool> Predicate(string meaning) => meaning switch
    {
        "status in open|pending" => r => r.Text("status") is "open" or "pending",
        "status in closed" => r => r.Text("status") == "closed",
        "status in open" => r => r.Text("status") == "open",
        "status in open|closed" => r => r.Text("status") is "open" or "closed",
        "status not closed" => r => r.Text("status") != "closed",
        "status not closed|open" => r => r.Text("status") == "pending",
        "priority in high; status in open" => r => r.Text("priority") == "high" && r.Text("status") == "open",
        "customer_id = 7" => r => r.Int("customer_id") == 7,
        "customer_id > 10; customer_id <= 20" => r => r.Int("customer_id") is > 10 and <= 20,
        "customer_id >= 45" => r => r.Int("customer_id") >= 45,
        "customer_id < 3" => r => r.Int("customer_id") < 3,
        "ticket_id != 101" => r => r.Int("ticket_id") != 101,
        "ticket_id 101..110" => r => r.Int("ticket_id") is >= 101 and <= 110,
        "customer_id > 40" => r => r.Int("customer_id") > 40,
        "subject contains login" => r => r.Text("subject").Contains("login", StringComparison.OrdinalIgnoreCase),
        "subject starts cannot" => r => r.Text("subject").StartsWith("cannot", StringComparison.OrdinalIgnoreCase),
        "created >= 2024-03-01" => r => Created(r) >= new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc),
        "created < 2024-02-01" => r => Created(r) < new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc),
        "created > 2024-03-15T08:30:00Z" => r => Created(r) > new DateTime(2024, 3, 15, 8, 30, 0, DateTimeKind.Utc),
        "created in February" => r => Created(r).Month == 2,
        "all" => _ => true,
        "none" => _ => false,
        _ => throw new ArgumentOutOfRangeException(nameof(meaning), meaning, "no predicate"),
    };

    private static DateTime Created(JsonElement row) =>
        DateTime.Parse(row.Text("created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
