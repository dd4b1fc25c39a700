using System.Net;
using System.Text.Json;

namespace Udc.Tests.Features.Data;

/// <summary>Sort, field projection and pagination over HTTP, and the sentences and echoes that describe them.</summary>
public abstract class DataPagingTests(IDemoServerFixture fixture)
{
    /// <summary>Over the demo data files.</summary>
    public sealed class OnFiles(DemoServerFixture fixture) : DataPagingTests(fixture), IClassFixture<DemoServerFixture>;

    /// <summary>Over the same rows in PostgreSQL tables: the same assertions hold.</summary>
    public sealed class OnPostgres(PostgresDemoServerFixture fixture) : DataPagingTests(fixture), IClassFixture<PostgresDemoServerFixture>;

    /// <summary>Over the same rows in a SQLite file: the same assertions hold.</summary>
    public sealed class OnSqlite(SqliteDemoServerFixture fixture) : DataPagingTests(fixture), IClassFixture<SqliteDemoServerFixture>;

    [Fact]
    public async Task Sort_AscendingId_FirstTenIds()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm?sort=customer_id");

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), response.Data.EnumerateArray().Select(r => r.Int("customer_id")));
        Assert.Equal(["customer_id"], response.Metadata.GetProperty("sort").Strings());
        Assert.EndsWith("sorted by customer id, lowest first.", response.Metadata.Text("voice_context"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sort_DescendingId_LastTenIdsHighestFirst()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm?sort=-customer_id");

        Assert.Equal(Enumerable.Range(41, 10).Reverse().Select(i => (long)i), response.Data.EnumerateArray().Select(r => r.Int("customer_id")));
        Assert.Equal(["-customer_id"], response.Metadata.GetProperty("sort").Strings());
    }

    [Fact]
    public async Task Sort_TwoKeys_OrderedByFirstThenSecond()
    {
        var response = await fixture.Server.GetOkAsync("/data/support?sort=status,-ticket_id&page_size=50");

        var rows = response.Data.EnumerateArray().Select(r => (Status: r.Text("status"), Id: r.Int("ticket_id"))).ToList();
        var expected = rows.OrderBy(r => r.Status, StringComparer.Ordinal).ThenByDescending(r => r.Id).ToList();
        Assert.Equal(50, rows.Count);
        Assert.Equal(expected, rows);
        Assert.Equal(["status", "-ticket_id"], response.Metadata.GetProperty("sort").Strings());
    }

    [Fact]
    public async Task Sort_Stream_SameOrderAsPages()
    {
        var streamed = await fixture.Server.StreamAllAsync("support", "sort=priority,ticket_id");
        var paged = new List<long>();
        for (var page = 1; page <= 5; page++)
        {
            var response = await fixture.Server.GetOkAsync($"/data/support?sort=priority,ticket_id&page={page}&page_size=10");
            paged.AddRange(response.Data.EnumerateArray().Select(r => r.Int("ticket_id")));
        }

        Assert.Equal(paged, streamed.Select(r => r.Int("ticket_id")));
    }

    [Fact]
    public async Task Fields_TwoColumns_RowsHoldOnlyThoseInRequestedOrder()
    {
        var response = await fixture.Server.GetOkAsync("/data/support?fields=status,ticket_id&page_size=50");

        Assert.All(response.Data.EnumerateArray(), row => Assert.Equal(["status", "ticket_id"], row.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["status", "ticket_id"], response.Metadata.GetProperty("fields").Strings());
    }

    [Fact]
    public async Task Fields_NotGiven_NoFieldsEcho()
    {
        var response = await fixture.Server.GetOkAsync("/data/support");

        Assert.False(response.Metadata.TryGetProperty("fields", out _));
        Assert.False(response.Metadata.TryGetProperty("query", out _));
    }

    [Fact]
    public async Task Fields_WithStream_LinesHoldOnlyThoseFields()
    {
        var rows = await fixture.Server.StreamAllAsync("crm", "fields=email");

        Assert.Equal(50, rows.Count);
        Assert.All(rows, row => Assert.Equal(["email"], row.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task Pagination_WalkAllPages_EveryTicketOnceAndMetadataConsistent()
    {
        var seen = new List<long>();
        for (var page = 1; page <= 8; page++)
        {
            var response = await fixture.Server.GetOkAsync($"/data/support?page={page}&page_size=7");
            var metadata = response.Metadata;
            Assert.Equal(50, metadata.Int("total_results"));
            Assert.Equal(8, metadata.Int("total_pages"));
            Assert.Equal(page, metadata.Int("page"));
            Assert.Equal(7, metadata.Int("page_size"));
            Assert.Equal(page < 8 ? 7 : 1, metadata.Int("returned_results"));
            Assert.Equal(response.Data.GetArrayLength(), metadata.Int("returned_results"));
            Assert.Equal(page < 8, metadata.GetProperty("has_next").GetBoolean());
            seen.AddRange(response.Data.EnumerateArray().Select(r => r.Int("ticket_id")));
        }

        Assert.Equal(Enumerable.Range(101, 50).Select(i => (long)i), seen.Order());
    }

    [Fact]
    public async Task Pagination_DefaultPageSize_TenAsSeed()
    {
        var response = await fixture.Server.GetOkAsync("/data/analytics");

        Assert.Equal(10, response.Data.GetArrayLength());
        Assert.Equal(10, response.Metadata.Int("page_size"));
        Assert.Equal(150, response.Metadata.Int("total_results"));
        Assert.Equal(15, response.Metadata.Int("total_pages"));
    }

    [Fact]
    public async Task Pagination_MaxPageSize_FiftyAccepted()
    {
        var response = await fixture.Server.GetOkAsync("/data/analytics?page_size=50&page=3");

        Assert.Equal(50, response.Data.GetArrayLength());
        Assert.False(response.Metadata.GetProperty("has_next").GetBoolean());
    }

    [Fact]
    public async Task Pagination_PastTheEnd_EmptyPageWithPastTheEndSentence()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm?page=9&page_size=10");

        Assert.Equal(0, response.Data.GetArrayLength());
        Assert.Equal(0, response.Metadata.Int("returned_results"));
        Assert.False(response.Metadata.GetProperty("has_next").GetBoolean());
        Assert.Equal("Page 9 is past the end: there are 50 customers on 5 pages.", response.Metadata.Text("voice_context"));
    }

    [Fact]
    public async Task VoiceContext_SecondPage_SaysWhichRows()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm?page=2&page_size=5");

        Assert.Equal("Showing 6 to 10 of 50 customers, newest first.", response.Metadata.Text("voice_context"));
    }

    [Fact]
    public async Task VoiceContext_AllOnOnePage_ShowingAll()
    {
        var response = await fixture.Server.GetOkAsync("/data/support?status=pending&page_size=50");

        var total = response.Metadata.Int("total_results");
        Assert.True(total > 1);
        Assert.Equal($"Showing all {total} pending tickets, newest first.", response.Metadata.Text("voice_context"));
    }

    [Fact]
    public async Task VoiceContext_SingleMatch_FoundOneWithRecordFacts()
    {
        var response = await fixture.Server.GetOkAsync("/data/support?ticket_id=101");

        var voice = response.Metadata.Text("voice_context");
        Assert.StartsWith("Found 1 ticket", voice, StringComparison.Ordinal);
        Assert.Contains("Ticket 101", voice, StringComparison.Ordinal);
        Assert.Contains(response.Data[0].Text("subject"), voice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VoiceContext_TimeSeries_MetricAsAdjective()
    {
        var response = await fixture.Server.GetOkAsync("/data/analytics?metric=daily_active_users&page_size=5");

        Assert.Equal("Showing 5 of 30 daily active users data points, newest first.", response.Metadata.Text("voice_context"));
    }

    [Fact]
    public async Task Stream_IgnoresPaging_AllMatchingRows()
    {
        var response = await fixture.Server.GetAsync("/data/analytics?stream=true&page=2&page_size=5");

        response.Expect(HttpStatusCode.OK);
        Assert.Equal(150, Api.NdjsonLines(response).Count);
    }

    [Fact]
    public async Task Stream_NoMatch_EmptyBodyAndZeroCount()
    {
        var response = await fixture.Server.GetAsync("/data/crm?stream=true&status=nonexistent");

        response.Expect(HttpStatusCode.OK);
        Assert.Equal("application/x-ndjson", response.MediaType);
        Assert.Equal("0", response.Headers["x-total-count"]);
        Assert.Empty(Api.NdjsonLines(response));
    }

    [Fact]
    public async Task Stream_FalseValue_JsonPage()
    {
        var response = await fixture.Server.GetOkAsync("/data/crm?stream=false");

        Assert.Equal(JsonValueKind.Array, response.Data.ValueKind);
    }
}
