using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Features.Data;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Query.Aggregation;

/// <summary>
/// The bounds of an <see cref="AggregationBudget"/> over 5,000 demo tickets: groups per query, heavy groupings at
/// once, and memory given back after a burst; and that large key spaces, past 64 and 128 bits of mixed radix,
/// still group exactly like a reference; so do time buckets, numbered from the column's earliest instant when its span is
/// narrow and coded through a table when it is wide and sparse.
/// </summary>
public sealed class AggregatorBudgetTests(DemoDataFixture fixture) : IClassFixture<DemoDataFixture>
{
    /// <summary>5,001 ticket ids by 201 customer ids: past the dense arrays, so hashed, and heavy past 1 KB.</summary>
    private const string HeavyQuery = "group_by=ticket_id,customer_id";

    private static AggregateResult Run(SourceSnapshot snapshot, string query, AggregationBudget budget)
    {
        var parameters = QueryRunner.Parameters(query);
        var issues = new List<ValidationIssue>();
        var rows = QueryBinder.Bind(snapshot, QueryStringRequest.Read(parameters, AggregateSpec.Parameters, issues), RequestOrigin.QueryString, issues).Spec!;
        var spec = AggregateBinder.Bind(snapshot, QueryStringRequest.ReadAggregate(parameters, issues), RequestOrigin.QueryString).Spec!;
        Assert.Empty(issues);
        return Aggregator.Run(snapshot, rows, spec, budget);
    }

    private static AggregationBudget Budget(int maxGroups = 100_000, long heavyBytes = AggregationBudget.DefaultHeavyBytes, int heavy = 2, Action? trim = null) =>
        new(maxGroups, AggregationBudget.DefaultMaxScratchBytes, heavyBytes, heavy, trim ?? (() => { }));

    [Fact]
    public void Run_MoreGroupsThanTheBudget_RefusedAsTooManyGroups()
    {
        var budget = Budget(maxGroups: 1_000);

        var refused = Assert.Throws<AggregationLimitException>(() => Run(fixture.Support, "group_by=ticket_id", budget));

        Assert.Equal(AggregationLimit.TooManyGroups, refused.Limit);
        Assert.Contains("more than 1,000 groups", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, budget.Running);
    }

    [Fact]
    public void Run_FewerGroupsThanTheBudget_Answered()
    {
        var result = Run(fixture.Support, "group_by=ticket_id&limit=3", Budget(maxGroups: DemoDataFixture.Tickets));

        Assert.Equal(DemoDataFixture.Tickets, result.TotalGroups);
        Assert.Equal(3, result.Groups.Count);
    }

    [Fact]
    public void Run_ScratchBytesBoundGroupsBeforeTheGroupCount()
    {
        // Each group of one int64 column and a count holds about 136 bytes: 136 KB is room for 1,000 of them.
        var budget = new AggregationBudget(100_000, 136 * 1_000, AggregationBudget.DefaultHeavyBytes, 2, () => { });

        var refused = Assert.Throws<AggregationLimitException>(() => Run(fixture.Support, "group_by=ticket_id", budget));

        Assert.Contains("more than 1,000 groups", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_HeavyGroupingWhileEverySlotIsTaken_BusyWithRetryAfter()
    {
        var budget = Budget(heavyBytes: 1_024, heavy: 1);
        using var taken = budget.EnterHeavy();

        var busy = Assert.Throws<AggregationLimitException>(() => Run(fixture.Support, HeavyQuery, budget));

        Assert.Equal(AggregationLimit.Busy, busy.Limit);
        Assert.Equal(AggregationBudget.BusyRetryAfter, busy.RetryAfter);
        Assert.Equal(1, budget.Refused);
    }

    [Fact]
    public void Run_SmallGroupingWhileEverySlotIsTaken_RunsAtOnce()
    {
        var budget = Budget(heavyBytes: 1_024, heavy: 1);
        using var taken = budget.EnterHeavy();

        var result = Run(fixture.Support, "group_by=status,priority", budget);

        Assert.True(result.TotalGroups > 1);
        Assert.Equal(0, budget.Refused);
    }

    [Fact]
    public async Task Run_BurstOfHeavyGroupings_MemoryGivenBackOnceAfterTheLast()
    {
        var trimmed = new TaskCompletionSource();
        var trims = 0;
        var budget = Budget(heavyBytes: 1_024, heavy: 4, trim: () =>
        {
            Interlocked.Increment(ref trims);
            trimmed.TrySetResult();
        });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Run(fixture.Support, HeavyQuery, budget), TestContext.Current.CancellationToken)));
        await trimmed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(0, budget.Running);
        Assert.Equal(1, Volatile.Read(ref trims));
    }

    /// <summary>Four columns of 63,000 distinct values each: their radixes multiply past a long, so keys take 128 bits.</summary>
    [Fact]
    public void Run_KeySpacePast64Bits_GroupsExactly()
    {
        using var folder = new TempDataDirectory("udc-wide-keys-");
        const int rows = 70_000;
        // Every row unique in each column, and every tenth row a copy of the one before: 63,000 groups.
        folder.Write("wide.ndjson", string.Concat(Enumerable.Range(0, rows).Select(i =>
        {
            var v = i % 10 == 9 ? i - 1 : i;
            return $$"""{"a": {{v}}, "b": "b{{v}}", "c": {{v * 7}}, "d": "2024-01-01T00:00:00Z", "e": {{v}}.5}""" + "\n";
        })));
        var catalog = new SourceCatalog(new CatalogOptions(folder.Path), TimeProvider.System);
        catalog.LoadAll();
        Assert.True(catalog.TryGet("wide", out var state) && state.Snapshot is not null, state?.LastFailure?.Message);
        var snapshot = state!.Snapshot!;
        var radix = new[] { "a", "b", "c", "e" }.Aggregate(1.0, (product, name) => product * (snapshot.Table.Find(name)!.DistinctCount + 1));
        Assert.True(radix > long.MaxValue, $"the key space is {radix:E2}, within a long");

        var result = Run(snapshot, "group_by=a,b,c,e&limit=5", Budget());

        Assert.Equal(63_000, result.TotalGroups);
        Assert.All(result.Groups, g => Assert.Equal(2, g.Count));
        Assert.Equal([8, 18, 28, 38, 48], result.Groups.Select(g => g.KeyRow));
    }

    [Fact]
    public void Run_HashedGrouping_SameCountsAsReference()
    {
        // 201 customer ids by some 5,000 creation times: a key space past the dense arrays, within 64 bits.
        var result = Run(fixture.Support, "group_by=customer_id,created_at&limit=1000", Budget());

        var reference = fixture.TicketRows.Rows
            .GroupBy(r => (fixture.TicketRows.Int(r, "customer_id"), fixture.TicketRows.Time(r, "created_at")))
            .Select(g => (g.Key, Count: g.Count(), First: g.Min()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.First)
            .ToList();
        Assert.Equal(reference.Count, result.TotalGroups);
        Assert.Equal(reference.Take(1000).Select(g => ((long)g.Count, g.First)), result.Groups.Select(g => (g.Count, g.KeyRow)));
    }

    [Theory]
    [InlineData("hour")]
    [InlineData("day")]
    [InlineData("week")]
    [InlineData("month")]
    public void Run_TimeBucketsByStatus_SameGroupsAndMetricsAsReference(string bucket)
    {
        var result = Run(fixture.Support, $"group_by=status,created_at:{bucket}&metrics=count,sum:customer_id,min:customer_id,max:customer_id&limit=1000", Budget());

        var rows = fixture.TicketRows;
        var reference = rows.Rows
            .GroupBy(r => (rows.Str(r, "status"), BucketStart(rows.Time(r, "created_at")!.Value, bucket)))
            .Select(g => (Count: (long)g.Count(), First: g.Min(), Sum: g.Sum(r => rows.Int(r, "customer_id")!.Value), Min: g.Min(r => rows.Int(r, "customer_id")!.Value), Max: g.Max(r => rows.Int(r, "customer_id")!.Value)))
            .OrderByDescending(g => g.Count).ThenBy(g => g.First)
            .ToList();
        Assert.Equal(reference.Count, result.TotalGroups);
        Assert.Equal(reference.Take(1000), result.Groups.Select(g => (g.Count, g.KeyRow, (long)g.Values[1].Integer, (long)g.Values[2].Integer, (long)g.Values[3].Integer)));
    }

    /// <summary>Three instants two centuries apart and two nulls: far more hours, days or weeks than values, so the buckets are coded through a table.</summary>
    [Theory]
    [InlineData("hour")]
    [InlineData("day")]
    [InlineData("week")]
    [InlineData("month")]
    public void Run_TimeBucketsOverAWideSparseSpan_OneGroupPerBucketAndOneForNull(string bucket)
    {
        using var folder = new TempDataDirectory("udc-sparse-buckets-");
        string?[] times = ["1901-01-01T05:30:00Z", null, "2099-12-31T23:00:00Z", "1901-01-01T05:10:00Z", null];
        folder.Write("sparse.ndjson", string.Concat(times.Select((t, i) => $$"""{"id": {{i}}, "t": {{(t is null ? "null" : $"\"{t}\"")}}}""" + "\n")));
        var catalog = new SourceCatalog(new CatalogOptions(folder.Path), TimeProvider.System);
        catalog.LoadAll();
        Assert.True(catalog.TryGet("sparse", out var state) && state.Snapshot is not null, state?.LastFailure?.Message);

        var result = Run(state!.Snapshot!, $"group_by=t:{bucket}&metrics=count,sum:id", Budget());

        var reference = times.Select((t, row) => (Key: t is null ? (DateTimeOffset?)null : BucketStart(DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture), bucket), Row: row))
            .GroupBy(p => p.Key)
            .Select(g => (Count: (long)g.Count(), First: g.Min(p => p.Row), Sum: (long)g.Sum(p => p.Row)))
            .OrderByDescending(g => g.Count).ThenBy(g => g.First)
            .ToList();
        Assert.Equal(3, result.TotalGroups);
        Assert.Equal(reference, result.Groups.Select(g => (g.Count, g.KeyRow, (long)g.Values[1].Integer)));
    }

    /// <summary>The bucket's first instant worked out with the calendar: weeks start on Monday.</summary>
    private static DateTimeOffset BucketStart(DateTimeOffset time, string bucket)
    {
        var date = new DateTimeOffset(time.UtcDateTime.Date, TimeSpan.Zero);
        return bucket switch
        {
            "hour" => date.AddHours(time.UtcDateTime.Hour),
            "day" => date,
            "week" => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
            _ => new DateTimeOffset(date.Year, date.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }
}
