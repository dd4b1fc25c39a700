using System.Globalization;

namespace Udc.Tests.Engine.Query;

/// <summary>Each filter over the demo tickets, compared with the same condition written in LINQ.</summary>
public sealed class QueryExecutorTicketFilterTests(DemoDataFixture data) : IClassFixture<DemoDataFixture>
{
    private ReferenceTable Tickets => data.TicketRows;

    [Theory]
    [InlineData("ticket_id=150", "eq", 150)]
    [InlineData("ticket_id__ne=150", "ne", 150)]
    [InlineData("customer_id__gt=150", "gt", 150)]
    [InlineData("customer_id__gte=150", "gte", 150)]
    [InlineData("customer_id__lt=17", "lt", 17)]
    [InlineData("customer_id__lte=17", "lte", 17)]
    [InlineData("customer_id__gt=-5", "gt", -5)]
    [InlineData("customer_id__lt=99999999999", "lt", 99999999999)]
    public void Execute_IntegerOperator_MatchesReference(string query, string op, long operand)
    {
        var column = query.StartsWith("ticket_id", StringComparison.Ordinal) ? "ticket_id" : "customer_id";
        Func<long, bool> test = op switch
        {
            "eq" => v => v == operand,
            "ne" => v => v != operand,
            "gt" => v => v > operand,
            "gte" => v => v >= operand,
            "lt" => v => v < operand,
            _ => v => v <= operand,
        };

        AssertMatches(query, r => test(Tickets.Int(r, column)!.Value));
    }

    [Fact]
    public void Execute_IntegerAnyOfList_MatchesReference()
    {
        AssertMatches("customer_id=3,5,8", r => Tickets.Int(r, "customer_id") is 3 or 5 or 8);
    }

    [Fact]
    public void Execute_IntegerAnyOfLongList_MatchesReference()
    {
        // More than eight values take the hash look-up instead of one pass per value.
        var ids = Enumerable.Range(1, 40).Select(i => (long)(i * 5)).ToHashSet();

        AssertMatches($"customer_id__in={string.Join(',', ids)}", r => ids.Contains(Tickets.Int(r, "customer_id")!.Value));
        AssertMatches($"customer_id__ne={string.Join(',', ids)}", r => !ids.Contains(Tickets.Int(r, "customer_id")!.Value));
    }

    [Fact]
    public void Execute_RepeatedEqualityParameter_AnyOfAllValues()
    {
        AssertMatches("status=open&status=pending", r => Tickets.Str(r, "status") is "open" or "pending");
        AssertMatches("customer_id=3&customer_id=5,8", r => Tickets.Int(r, "customer_id") is 3 or 5 or 8);
    }

    [Fact]
    public void Execute_RepeatedRangeParameter_AllMustHold()
    {
        AssertMatches("customer_id__gt=10&customer_id__gt=100", r => Tickets.Int(r, "customer_id") > 100);
        AssertMatches("customer_id__gte=10&customer_id__lt=20", r => Tickets.Int(r, "customer_id") is >= 10 and < 20);
    }

    [Theory]
    [InlineData("status=open", "open")]
    [InlineData("status=OPEN", "open")]
    [InlineData("status=Open", "open")]
    [InlineData("priority__in=HIGH", "high")]
    public void Execute_TextEquality_CaseInsensitive(string query, string value)
    {
        var column = query.StartsWith("status", StringComparison.Ordinal) ? "status" : "priority";

        AssertMatches(query, r => Tickets.Str(r, column) == value);
    }

    [Fact]
    public void Execute_TextOperators_MatchReference()
    {
        AssertMatches("status__ne=Closed", r => Tickets.Str(r, "status") != "closed");
        AssertMatches("status__in=open,pending", r => Tickets.Str(r, "status") is "open" or "pending");
        AssertMatches("status__contains=EN", r => Tickets.Contains(r, "status", "en"));
        AssertMatches("status__startswith=clo", r => Tickets.Str(r, "status") == "closed");
        AssertMatches("status__isnull=false", r => true);
        AssertMatches("status__isnull=true", r => false);
    }

    [Fact]
    public void Execute_HighCardinalityTextOperators_MatchReference()
    {
        AssertMatches("subject__contains=LOGIN", r => Tickets.Contains(r, "subject", "login"));
        AssertMatches("subject__contains=99%", r => Tickets.Contains(r, "subject", "99%"));
        AssertMatches("subject__contains=ed to dep", r => Tickets.Contains(r, "subject", "ed to dep"));
        AssertMatches("subject__startswith=invoice", r => Tickets.Str(r, "subject")!.StartsWith("Invoice", StringComparison.Ordinal));
        AssertMatches("subject=login page NOT loading", r => Tickets.Str(r, "subject") == "Login page not loading");
        AssertMatches("subject__ne=Login page not loading", r => Tickets.Str(r, "subject") != "Login page not loading");
        AssertMatches("subject=Slow search results,Invite link expired", r => Tickets.Str(r, "subject") is "Slow search results" or "Invite link expired");
    }

    [Fact]
    public void Execute_SubjectEqualityToOneNumberedSubject_OnlyExactMatches()
    {
        var subject = Tickets.Rows.Select(r => Tickets.Str(r, "subject")!).First(s => s.StartsWith("Order ", StringComparison.Ordinal));

        AssertMatches($"subject={Uri.EscapeDataString(subject.ToUpperInvariant())}", r => Tickets.Str(r, "subject") == subject);
    }

    [Theory]
    [InlineData("refund")]
    [InlineData("OPEN")]
    [InlineData("igh")]
    [InlineData("order 1")]
    [InlineData("nothing like this")]
    public void Execute_FreeText_AnyTextColumnContainsIgnoringCase(string text)
    {
        AssertMatches($"query={Uri.EscapeDataString(text)}",
            r => Tickets.Contains(r, "subject", text) || Tickets.Contains(r, "status", text) || Tickets.Contains(r, "priority", text));
    }

    [Fact]
    public void Execute_FreeTextWithFilter_BothHold()
    {
        AssertMatches("query=payment&priority=high", r => Tickets.Contains(r, "subject", "payment") && Tickets.Str(r, "priority") == "high");
    }

    [Theory]
    [InlineData("created_at=2024-02-10", "eq")]
    [InlineData("created_at__ne=2024-02-10", "ne")]
    [InlineData("created_at__gt=2024-02-10", "gt")]
    [InlineData("created_at__gte=2024-02-10", "gte")]
    [InlineData("created_at__lt=2024-02-10", "lt")]
    [InlineData("created_at__lte=2024-02-10", "lte")]
    public void Execute_BareDateOperatorOnInstants_CoversTheWholeDay(string query, string op)
    {
        var (start, end) = ReferenceTable.Day("2024-02-10");
        Func<DateTimeOffset, bool> test = op switch
        {
            "eq" => t => t >= start && t <= end,
            "ne" => t => t < start || t > end,
            "gt" => t => t > end,
            "gte" => t => t >= start,
            "lt" => t => t < start,
            _ => t => t <= end,
        };

        AssertMatches(query, r => test(Tickets.Time(r, "created_at")!.Value));
    }

    [Fact]
    public void Execute_DateList_AnyOfTheDays()
    {
        var days = new[] { "2024-01-05", "2024-03-31" }.Select(ReferenceTable.Day).ToArray();

        AssertMatches("created_at=2024-01-05,2024-03-31", r => days.Any(d => Tickets.Time(r, "created_at") >= d.Start && Tickets.Time(r, "created_at") <= d.End));
    }

    [Fact]
    public void Execute_ExactInstant_MatchesThatInstantOnly()
    {
        var instant = Tickets.Str(17, "created_at")!;
        var at = Tickets.Time(17, "created_at");

        AssertMatches($"created_at={instant}", r => Tickets.Time(r, "created_at") == at);
        AssertMatches($"created_at__gt={instant}", r => Tickets.Time(r, "created_at") > at);
        AssertMatches($"created_at__lte={Uri.EscapeDataString(at!.Value.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture))}", r => Tickets.Time(r, "created_at") <= at);
    }

    [Fact]
    public void Execute_StartAndEndDates_InclusiveWholeDays()
    {
        var (start, _) = ReferenceTable.Day("2024-02-01");
        var (_, end) = ReferenceTable.Day("2024-02-07");

        AssertMatches("start_date=2024-02-01&end_date=2024-02-07", r => Tickets.Time(r, "created_at") >= start && Tickets.Time(r, "created_at") <= end);
    }

    [Fact]
    public void Execute_SameStartAndEndDate_ThatWholeDay()
    {
        var (start, end) = ReferenceTable.Day("2024-03-15");

        AssertMatches("start_date=2024-03-15&end_date=2024-03-15", r => Tickets.Time(r, "created_at") >= start && Tickets.Time(r, "created_at") <= end);
    }

    [Fact]
    public void Execute_OnlyStartOrOnlyEnd_OpenRange()
    {
        var (start, _) = ReferenceTable.Day("2024-03-20");
        var (_, end) = ReferenceTable.Day("2024-01-10");

        AssertMatches("start_date=2024-03-20", r => Tickets.Time(r, "created_at") >= start);
        AssertMatches("end_date=2024-01-10", r => Tickets.Time(r, "created_at") <= end);
    }

    [Fact]
    public void Execute_InstantBounds_InclusiveAtTheInstant()
    {
        var from = new DateTimeOffset(2024, 2, 1, 12, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2024, 2, 3, 6, 30, 0, TimeSpan.Zero);

        AssertMatches("start_date=2024-02-01T12:00:00Z&end_date=2024-02-03T06:30:00Z", r => Tickets.Time(r, "created_at") >= from && Tickets.Time(r, "created_at") <= to);
    }

    [Fact]
    public void Execute_DateRangeOnDateOnlyColumn_InclusiveDays()
    {
        var analytics = new ReferenceTable(data.Analytics.Definition.Path);
        var (start, _) = ReferenceTable.Day("2024-03-10");
        var (_, end) = ReferenceTable.Day("2024-03-12");
        var expected = analytics.Rows.Where(r => analytics.Time(r, "date") >= start && analytics.Time(r, "date") <= end).ToList();

        var result = QueryRunner.Run(data.Analytics, "start_date=2024-03-10&end_date=2024-03-12&sort=date&page_size=50");

        Assert.Equal(15, expected.Count);
        Assert.Equal(expected, result.Rows.Order());
        Assert.Equal(15, result.Total);
    }

    [Fact]
    public void Execute_DoubleColumnOfAnalytics_MatchesReference()
    {
        var analytics = new ReferenceTable(data.Analytics.Definition.Path);
        var expected = analytics.Rows.Where(r => analytics.Num(r, "value") < 0.03 && analytics.Str(r, "metric") == "error_rate").ToList();

        var result = QueryRunner.Run(data.Analytics, "value__lt=0.03&metric=error_rate&stream=true&sort=date");

        Assert.Equal(expected, result.Rows);
    }

    /// <summary>Checks the total and, by streaming in row order, the exact set of rows.</summary>
    private void AssertMatches(string query, Func<int, bool> predicate)
    {
        var expected = Tickets.Rows.Where(predicate).ToList();

        var result = QueryRunner.Run(data.Support, query + "&sort=ticket_id&stream=true");

        Assert.True(expected.Count == result.Total, $"{query}: expected {expected.Count} rows, got {result.Total}");
        Assert.Equal(expected, result.Rows);
    }
}
