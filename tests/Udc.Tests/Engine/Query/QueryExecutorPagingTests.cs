using Udc.Engine.Query;

namespace Udc.Tests.Engine.Query;

public sealed class QueryExecutorPagingTests(DemoDataFixture data) : IClassFixture<DemoDataFixture>
{
    private ReferenceTable Tickets => data.TicketRows;

    [Fact]
    public void Execute_OpenHighNewestFirst_EveryPageMatchesReference()
    {
        var expected = NewestFirst(Tickets.Rows.Where(r => Tickets.Str(r, "status") == "open" && Tickets.Str(r, "priority") == "high"));
        Assert.InRange(expected.Length, 400, 800);
        var pageCount = (expected.Length + 49) / 50;
        var seen = new List<int>();

        for (var page = 1; page <= pageCount; page++)
        {
            var result = QueryRunner.Run(data.Support, $"status=open&priority=high&page={page}&page_size=50");

            Assert.Equal(expected.Length, result.Total);
            Assert.Equal(pageCount, result.TotalPages);
            Assert.Equal(page < pageCount, result.HasNext);
            Assert.Equal(expected.Skip((page - 1) * 50).Take(50), result.Rows);
            seen.AddRange(result.Rows);
        }

        Assert.Equal(expected, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public void Execute_NoSortGiven_NewestFirstByTimeColumn()
    {
        var spec = QueryRunner.Spec(data.Support, "");
        var result = QueryRunner.Run(data.Support, spec);

        Assert.True(spec.SortIsDefault);
        Assert.Equal("-created_at", Assert.Single(spec.Sort).ToString());
        Assert.Equal(DemoDataFixture.Tickets, result.Total);
        Assert.Equal(NewestFirst(Tickets.Rows).Take(10), result.Rows);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(7, 25)]
    [InlineData(82, 50)]
    [InlineData(90, 50)]
    [InlineData(100, 50)]
    [InlineData(410, 12)]
    public void Execute_PageOfAllTickets_MatchesReferenceOnHeapAndSortPaths(int page, int pageSize)
    {
        // Pages that end past row 4,096 are cut from a full sort, the others from a bounded heap.
        var expected = NewestFirst(Tickets.Rows);

        var result = QueryRunner.Run(data.Support, $"page={page}&page_size={pageSize}");

        Assert.Equal(expected.Skip((page - 1) * pageSize).Take(pageSize), result.Rows);
        Assert.Equal((DemoDataFixture.Tickets + pageSize - 1) / pageSize, result.TotalPages);
    }

    [Fact]
    public void Execute_PagePastTheEnd_NoRowsRightTotal()
    {
        var total = Tickets.Rows.Count(r => Tickets.Str(r, "status") == "pending");

        var result = QueryRunner.Run(data.Support, "status=pending&page=1000&page_size=50");

        Assert.Empty(result.Rows);
        Assert.Equal(total, result.Total);
        Assert.Equal((total + 49) / 50, result.TotalPages);
        Assert.False(result.HasNext);
    }

    [Fact]
    public void Execute_NoMatch_ZeroTotalZeroPages()
    {
        var result = QueryRunner.Run(data.Support, "status=archived");

        Assert.Equal(0, result.Total);
        Assert.Equal(0, result.TotalPages);
        Assert.False(result.HasNext);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void Execute_MultiKeySort_MatchesReference()
    {
        var expected = ReferenceTable.Sort(Tickets.Rows,
            (r => Tickets.Str(r, "priority"), false),
            (r => Tickets.Str(r, "status"), true),
            (r => Tickets.Int(r, "customer_id"), false));

        var first = QueryRunner.Run(data.Support, "sort=priority,-status,customer_id&page_size=50");
        var deep = QueryRunner.Run(data.Support, "sort=priority,-status,customer_id&page_size=50&page=95");

        Assert.Equal(expected.Take(50), first.Rows);
        Assert.Equal(expected.Skip(94 * 50).Take(50), deep.Rows);
    }

    [Fact]
    public void Execute_SortByPlainTextColumn_OrdinalOrder()
    {
        var expected = ReferenceTable.Sort(Tickets.Rows, (r => Tickets.Str(r, "subject"), true));

        var result = QueryRunner.Run(data.Support, "sort=-subject&page=3&page_size=40");

        Assert.Equal(expected.Skip(80).Take(40), result.Rows);
    }

    [Fact]
    public void Execute_SortByIdAscending_FileOrderOfIds()
    {
        var result = QueryRunner.Run(data.Support, "sort=ticket_id&page=2&page_size=5");

        Assert.Equal([5, 6, 7, 8, 9], result.Rows);
    }

    [Fact]
    public void Execute_StreamAllTickets_EveryRowInOrder()
    {
        var result = QueryRunner.Run(data.Support, "stream=true");

        Assert.Equal(NewestFirst(Tickets.Rows), result.Rows);
        Assert.Equal(DemoDataFixture.Tickets, result.Total);
    }

    [Fact]
    public void Execute_StreamFiltered_AllMatchesInRequestedOrderIgnoringPage()
    {
        var expected = ReferenceTable.Sort(Tickets.Rows.Where(r => Tickets.Str(r, "status") == "closed"), (r => Tickets.Int(r, "customer_id"), true));

        var result = QueryRunner.Run(data.Support, "status=closed&sort=-customer_id&stream=true&page=3&page_size=5");

        Assert.Equal(expected, result.Rows);
    }

    [Fact]
    public void Parse_FieldsGiven_ProjectionInRequestedOrderWithoutDuplicates()
    {
        var spec = QueryRunner.Spec(data.Support, "fields=status,ticket_id,status");

        Assert.True(spec.FieldsAreProjected);
        Assert.Equal(["status", "ticket_id"], spec.Fields.Select(c => c.Name));
    }

    [Fact]
    public void Parse_NoFields_AllColumnsInFileOrder()
    {
        var spec = QueryRunner.Spec(data.Support, "status=open");

        Assert.False(spec.FieldsAreProjected);
        Assert.Equal(["ticket_id", "customer_id", "subject", "status", "priority", "created_at"], spec.Fields.Select(c => c.Name));
    }

    [Fact]
    public void Execute_FieldsGiven_SameRowsAsWithout()
    {
        var projected = QueryRunner.Run(data.Support, "status=open&fields=ticket_id&page=4");
        var full = QueryRunner.Run(data.Support, "status=open&page=4");

        Assert.Equal(full.Rows, projected.Rows);
    }

    [Fact]
    public void Count_Filter_SameAsExecuteTotal()
    {
        var spec = QueryRunner.Spec(data.Support, "priority=low&status__ne=closed");

        var count = QueryExecutor.Count(data.Support, spec);

        Assert.Equal(Tickets.Rows.Count(r => Tickets.Str(r, "priority") == "low" && Tickets.Str(r, "status") != "closed"), count);
    }

    private int[] NewestFirst(IEnumerable<int> rows) => ReferenceTable.Sort(rows, (r => Tickets.Time(r, "created_at"), true));
}
