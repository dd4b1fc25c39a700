using Microsoft.Extensions.Primitives;
using Udc.Engine.Query;

namespace Udc.Tests.Engine.Query;

public sealed class QueryParserValidationTests(DemoDataFixture data) : IClassFixture<DemoDataFixture>
{
    private const string TicketColumns = "ticket_id, customer_id, subject, status, priority, created_at";

    [Fact]
    public void Parse_PageZero_GreaterThanOrEqualToOne()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "page=0");

        Assert.Equal(["query", "page"], issue.Loc);
        Assert.Equal("ensure this value is greater than or equal to 1", issue.Msg);
    }

    [Fact]
    public void Parse_PageSize51_SeedMessageAndLocation()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "page_size=51");

        Assert.Equal(["query", "page_size"], issue.Loc);
        Assert.Equal("ensure this value is less than or equal to 50", issue.Msg);
        Assert.Equal("value_error", issue.Type);
    }

    [Theory]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=-3", "page_size")]
    [InlineData("page=abc", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("page=", "page")]
    [InlineData("page_size=1e3", "page_size")]
    [InlineData("page=1000001", "page")]
    public void Parse_BadPaging_IssueAtParameter(string query, string parameter)
    {
        var issue = QueryRunner.SingleIssue(data.Support, query);

        Assert.Equal(["query", parameter], issue.Loc);
    }

    [Fact]
    public void Parse_PageBeyondInt64_SaysTooLargeNotNotAnInteger()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "page=99999999999999999999");

        Assert.Equal("ensure this value is less than or equal to 1000000", issue.Msg);
    }

    [Fact]
    public void Parse_PageSizeFiftyAndPageWithSpaces_Accepted()
    {
        var spec = QueryRunner.Spec(data.Support, "page_size=50&page=%202%20");

        Assert.Equal((2, 50, 50), (spec.Page, spec.PageSize, spec.Offset));
    }

    [Fact]
    public void Parse_RepeatedPage_GiveItOnce()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "page=1&page=2");

        Assert.Equal(["query", "page"], issue.Loc);
        Assert.Equal("page is given 2 times; give it once", issue.Msg);
    }

    [Theory]
    [InlineData("ticket_id=abc")]
    [InlineData("ticket_id=12abc")]
    [InlineData("customer_id__gt=1.5")]
    [InlineData("ticket_id=101,x")]
    public void Parse_NonNumericId_IntParsingIssue(string query)
    {
        var issue = QueryRunner.SingleIssue(data.Support, query);

        Assert.Equal("int_parsing", issue.Type);
        Assert.Contains("is not a valid integer", issue.Msg, StringComparison.Ordinal);
        Assert.Equal(query[..query.IndexOf('=', StringComparison.Ordinal)], issue.Loc[1]);
    }

    [Theory]
    [InlineData("created_at=yesterday", "created_at")]
    [InlineData("created_at__gt=2024-02-30", "created_at__gt")]
    [InlineData("start_date=2024-13-01", "start_date")]
    [InlineData("end_date=03/15/2024", "end_date")]
    [InlineData("start_date=", "start_date")]
    public void Parse_BadDate_DateParsingIssue(string query, string parameter)
    {
        var issue = QueryRunner.SingleIssue(data.Support, query);

        Assert.Equal(["query", parameter], issue.Loc);
        Assert.Equal("date_parsing", issue.Type);
        Assert.Contains("YYYY-MM-DD", issue.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StartAfterEnd_IssueOnEndDate()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "start_date=2024-03-10&end_date=2024-03-01");

        Assert.Equal(["query", "end_date"], issue.Loc);
        Assert.Equal("end_date 2024-03-01 is before start_date 2024-03-10", issue.Msg);
    }

    [Fact]
    public void Parse_DateRangeWithoutTimeColumn_Refused()
    {
        var snapshot = new Udc.Engine.Catalog.SourceSnapshot(
            new("plain", "/nowhere/plain.json", Udc.Engine.Loading.SourceFormat.Json, null, null, null),
            Loading.TableReading.Json("""[{"id": 1}]"""), 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, TimeSpan.Zero);

        var issue = QueryRunner.SingleIssue(snapshot, "start_date=2024-01-01");

        Assert.Equal(["query", "start_date"], issue.Loc);
        Assert.Contains("has no time column", issue.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownColumn_MessageListsColumnsAndParameters()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "colour=red");

        Assert.Equal(["query", "colour"], issue.Loc);
        Assert.Equal("extra_forbidden", issue.Type);
        Assert.Contains($"columns: {TicketColumns}", issue.Msg, StringComparison.Ordinal);
        Assert.Contains("page_size", issue.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sort=-colour")]
    [InlineData("fields=ticket_id,colour")]
    public void Parse_UnknownColumnInSortOrFields_MessageListsColumns(string query)
    {
        var issue = QueryRunner.SingleIssue(data.Support, query);

        Assert.Contains("'colour'", issue.Msg, StringComparison.Ordinal);
        Assert.Contains(TicketColumns, issue.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OperatorInvalidForType_MessageListsValidOperators()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "status__gt=open");

        Assert.Equal(["query", "status__gt"], issue.Loc);
        Assert.Equal("operator 'gt' is not valid for status (string); valid: in, ne, contains, startswith, like, isnull", issue.Msg);
    }

    [Fact]
    public void Parse_ContainsOnInteger_MessageListsOrderedOperators()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "ticket_id__contains=1");

        Assert.Equal("operator 'contains' is not valid for ticket_id (integer); valid: in, ne, gt, gte, lt, lte, isnull", issue.Msg);
    }

    [Fact]
    public void Parse_UnknownOperatorSuffix_MessageListsOperators()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "status__regex=open");

        Assert.Equal(["query", "status__regex"], issue.Loc);
        Assert.StartsWith("unknown operator 'regex'; valid: ", issue.Msg, StringComparison.Ordinal);
        Assert.All(["eq", "in", "ne", "gt", "gte", "lt", "lte", "contains", "startswith", "like", "isnull"], op => Assert.Contains(op, issue.Msg, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ValueOfTenThousandCharacters_TooLong()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "subject__contains=" + new string('x', 10_000));

        Assert.Equal("string_too_long", issue.Type);
        Assert.Equal("ensure this value has at most 1000 characters", issue.Msg);
    }

    [Theory]
    [InlineData("query")]
    [InlineData("sort")]
    [InlineData("status")]
    public void Parse_HugeValueElsewhere_TooLong(string parameter)
    {
        var issue = QueryRunner.SingleIssue(data.Support, $"{parameter}={new string('a', 10_000)}");

        Assert.Equal("string_too_long", issue.Type);
    }

    [Fact]
    public void Parse_HugeUnknownOperator_MessageStaysShort()
    {
        var issue = QueryRunner.SingleIssue(data.Support, "status__" + new string('z', 10_000) + "=open");

        Assert.True(issue.Msg.Length < 1_000, $"message is {issue.Msg.Length} characters");
    }

    [Fact]
    public void Parse_HugeUnknownColumn_MessageStaysShort()
    {
        var issue = QueryRunner.SingleIssue(data.Support, new string('c', 10_000) + "=1");

        Assert.True(issue.Msg.Length < 1_000, $"message is {issue.Msg.Length} characters");
    }

    [Theory]
    [InlineData("query=ab%00cd")]
    [InlineData("subject__contains=%00")]
    [InlineData("status=open%00")]
    public void Parse_NulCharacter_Refused(string query)
    {
        var issue = QueryRunner.SingleIssue(data.Support, query);

        Assert.Equal("text must not contain NUL characters", issue.Msg);
    }

    [Fact]
    public void Parse_NulInIntegerFilter_IntParsingIssue()
    {
        Assert.Equal("int_parsing", QueryRunner.SingleIssue(data.Support, "ticket_id=1%000").Type);
    }

    [Theory]
    [InlineData("status=")]
    [InlineData("status=,,")]
    public void Parse_EmptyFilterValue_GiveAValue(string query)
    {
        Assert.Equal("give a value", QueryRunner.SingleIssue(data.Support, query).Msg);
    }

    [Fact]
    public void Parse_TooManyValues_Refused()
    {
        // One value may hold 1,000 characters, so 1,001 values come from repeating the parameter: 6 x 200.
        var list = "customer_id=" + string.Join(',', Enumerable.Repeat("1", 200));
        var issue = QueryRunner.SingleIssue(data.Support, string.Join('&', Enumerable.Repeat(list, 6)));

        Assert.Equal("give at most 1000 values", issue.Msg);
        Assert.Equal(["query", "customer_id"], issue.Loc);
    }

    [Fact]
    public void Parse_BadStream_BoolParsing()
    {
        Assert.Equal("bool_parsing", QueryRunner.SingleIssue(data.Support, "stream=maybe").Type);
    }

    [Fact]
    public void Parse_SeveralProblems_AllReported()
    {
        var issues = QueryRunner.Issues(data.Support, "page=0&page_size=51&colour=red&status__gt=x");

        Assert.Equal(["page", "page_size", "colour", "status__gt"], issues.Select(i => i.Loc[1]));
    }

    [Fact]
    public void Parse_ReservedParameter_NotAFilter()
    {
        var parsed = QueryRunner.Parse(data.Support, QueryRunner.Parameters("group_by=status&status=open"), new HashSet<string> { "group_by" });

        Assert.NotNull(parsed.Spec);
        Assert.Single(parsed.Spec.Filters);
    }

    [Fact]
    public void Parse_NullStringValue_TreatedAsEmpty()
    {
        var issues = QueryRunner.Issues(data.Support, [new KeyValuePair<string, StringValues>("status", new StringValues((string?)null))]);

        Assert.Equal("give a value", Assert.Single(issues).Msg);
    }

    [Fact]
    public void Parse_EmptyQueryText_Ignored()
    {
        Assert.Null(QueryRunner.Spec(data.Support, "query=%20%20").Text);
    }
}
