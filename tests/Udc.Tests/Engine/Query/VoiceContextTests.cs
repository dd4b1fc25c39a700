using System.Globalization;
using Udc.Engine.Describe;
using Udc.Engine.Query;

namespace Udc.Tests.Engine.Query;

/// <summary>The sentences a voice assistant reads out, checked against counts from the reference.</summary>
public sealed class VoiceContextTests(DemoDataFixture data) : IClassFixture<DemoDataFixture>
{
    private ReferenceTable Tickets => data.TicketRows;

    [Fact]
    public void ForPage_OpenHighFirstPage_CountsFiltersAndOrder()
    {
        var total = Tickets.Rows.Count(r => Tickets.Str(r, "status") == "open" && Tickets.Str(r, "priority") == "high");

        var sentence = Sentence("status=open&priority=high");

        Assert.Equal($"Showing 10 of {total.ToString("#,0", CultureInfo.InvariantCulture)} open high priority tickets, newest first.", sentence);
    }

    [Fact]
    public void ForPage_LaterPage_SaysWhichRows()
    {
        var total = Tickets.Rows.Count(r => Tickets.Str(r, "status") == "open" && Tickets.Str(r, "priority") == "high");

        var sentence = Sentence("status=open&priority=high&page=3&page_size=20");

        Assert.Equal($"Showing 41 to 60 of {total} open high priority tickets, newest first.", sentence);
    }

    [Fact]
    public void ForPage_NoMatch_ThereAreNo()
    {
        Assert.Equal("There are no archived tickets.", Sentence("status=archived"));
    }

    [Fact]
    public void ForPage_PagePastEnd_SaysHowManyPages()
    {
        var total = Tickets.Rows.Count(r => Tickets.Str(r, "status") == "pending" && Tickets.Str(r, "priority") == "low");
        var pages = (total + 49) / 50;

        var sentence = Sentence("status=pending&priority=low&page=500&page_size=50");

        Assert.Equal($"Page 500 is past the end: there are {total} pending low priority tickets on {pages} pages.", sentence);
    }

    [Fact]
    public void ForPage_ThousandsOfRows_NumberWithSeparator()
    {
        var sentence = Sentence("");

        Assert.Equal("Showing 10 of 5,000 tickets, newest first.", sentence);
    }

    [Fact]
    public void ForPage_SortByOtherColumn_SaysSortedBy()
    {
        Assert.EndsWith(", sorted by customer id, highest first.", Sentence("sort=-customer_id"), StringComparison.Ordinal);
        Assert.EndsWith(", sorted by subject, A to Z.", Sentence("sort=subject"), StringComparison.Ordinal);
        Assert.EndsWith(", oldest first.", Sentence("sort=created_at"), StringComparison.Ordinal);
    }

    [Fact]
    public void ForPage_IdFilterAndDateRange_SpokenQualifiers()
    {
        var (start, _) = ReferenceTable.Day("2024-03-01");
        var (_, end) = ReferenceTable.Day("2024-03-07");
        var total = Tickets.Rows.Count(r => Tickets.Int(r, "customer_id") == 12 && Tickets.Time(r, "created_at") >= start && Tickets.Time(r, "created_at") <= end);

        var sentence = Sentence("customer_id=12&start_date=2024-03-01&end_date=2024-03-07&page_size=50");

        Assert.Contains("for customer 12 from March 1, 2024 to March 7, 2024", sentence, StringComparison.Ordinal);
        Assert.Contains(total == 0 ? "There are no" : total == 1 ? "Found 1 ticket" : $"{total} tickets", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void ForPage_AllRowsOnOnePage_ShowingAll()
    {
        var total = Tickets.Rows.Count(r => Tickets.Int(r, "customer_id") == 7);
        Assert.InRange(total, 2, 50);

        Assert.Equal($"Showing all {total} tickets for customer 7, newest first.", Sentence("customer_id=7&page_size=50"));
    }

    [Fact]
    public void ForPage_SingleRecord_RecordFacts()
    {
        var row = Tickets.Rows.Single(r => Tickets.Int(r, "ticket_id") == 123);
        var created = Tickets.Time(row, "created_at")!.Value.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

        var sentence = Sentence("ticket_id=123");

        Assert.StartsWith("Found 1 ticket", sentence, StringComparison.Ordinal);
        Assert.EndsWith(
            $". Ticket 123, {Tickets.Str(row, "subject")}: customer id {Tickets.Int(row, "customer_id")}, "
            + $"status {Tickets.Str(row, "status")}, priority {Tickets.Str(row, "priority")}, created {created}.",
            sentence,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ForPage_FilterBySourcesOwnId_NounNotRepeated()
    {
        // "Found 1 ticket for ticket 123" reads the noun twice; the id of the record itself is not a qualifier.
        var sentence = Sentence("ticket_id=123");

        Assert.DoesNotContain("ticket for ticket", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordFacts_Customer_NameAsTitle()
    {
        var row = 0;

        var facts = VoiceContext.RecordFacts(data.Crm, row);

        Assert.StartsWith($"Customer 1, {data.CustomerRows.Str(row, "name")}: ", facts, StringComparison.Ordinal);
        Assert.Contains($"status {data.CustomerRows.Str(row, "status")}", facts, StringComparison.Ordinal);
        Assert.EndsWith(".", facts, StringComparison.Ordinal);
    }

    [Fact]
    public void ForPage_FreeTextAndContains_QuotedInSentence()
    {
        var sentence = Sentence("query=refund&subject__contains=order");

        Assert.Contains("where subject contains \"order\"", sentence, StringComparison.Ordinal);
        Assert.Contains("matching \"refund\"", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void ForPage_AnyOfStatuses_JoinedWithOr()
    {
        var total = Tickets.Rows.Count(r => Tickets.Str(r, "status") is "open" or "pending");

        Assert.Equal($"Showing 10 of {total.ToString("#,0", CultureInfo.InvariantCulture)} open or pending tickets, newest first.", Sentence("status=open,pending"));
    }

    [Fact]
    public void ForPage_Analytics_DataPointsNoun()
    {
        var sentence = Sentence("metric=daily_active_users&page_size=50", data.Analytics);

        Assert.Equal("Showing all 30 daily active users data points, newest first.", sentence);
    }

    private string Sentence(string query, Udc.Engine.Catalog.SourceSnapshot? snapshot = null)
    {
        snapshot ??= data.Support;
        using var result = QueryExecutor.Execute(snapshot, QueryRunner.Spec(snapshot, query));
        return VoiceContext.ForPage(result);
    }
}
