using Udc.Tests.TestSupport;

namespace Udc.Tests.Background;

public sealed class WorkQueueTests
{
    private const string Queues = """["jobs"]""";

    [Fact]
    public async Task Enqueue_SubjectWithAnOpenItem_AddsNoSecond()
    {
        await using var parts = new BackgroundParts();

        var first = parts.Queue.Enqueue("jobs", "job-1");
        var second = parts.Queue.Enqueue("jobs", "job-1");
        var other = parts.Queue.Enqueue("ingest", "job-1");

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(other);
        Assert.Equal(1, parts.Queue.CountOpen()["jobs"]);
    }

    [Fact]
    public async Task Claim_LeaseRunsOut_AnotherWorkerClaimsAndTheFirstCannotSettle()
    {
        var time = new ManualTimeProvider();
        await using var parts = new BackgroundParts(time, lease: TimeSpan.FromSeconds(10));
        parts.Queue.Enqueue("jobs", "job-1");

        var first = parts.Queue.ClaimNext(Queues, "a")!;
        Assert.Null(parts.Queue.ClaimNext(Queues, "b"));
        time.Advance(TimeSpan.FromSeconds(11));
        var second = parts.Queue.ClaimNext(Queues, "b")!;

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.Attempt);
        var applied = false;
        Assert.False(parts.Queue.Settle(first, null, true, null, (_, _) => applied = true));
        Assert.False(applied);
        Assert.False(parts.Queue.Renew(first));
        Assert.True(parts.Queue.Settle(second, null, true, null, (_, _) => applied = true));
        Assert.True(applied);
        Assert.Equal(0, parts.Scalar("SELECT count(*) FROM work_items"));
    }

    [Fact]
    public async Task Renew_HeldLease_KeepsTheItemFromOtherWorkers()
    {
        var time = new ManualTimeProvider();
        await using var parts = new BackgroundParts(time, lease: TimeSpan.FromSeconds(10));
        parts.Queue.Enqueue("jobs", "job-1");
        var item = parts.Queue.ClaimNext(Queues, "a")!;

        time.Advance(TimeSpan.FromSeconds(8));
        Assert.True(parts.Queue.Renew(item));
        time.Advance(TimeSpan.FromSeconds(8));

        Assert.Null(parts.Queue.ClaimNext(Queues, "b"));
    }

    [Fact]
    public async Task Settle_RetryAndCheckLater_DueLaterAndOnlyTheRetrySpendsAnAttempt()
    {
        var time = new ManualTimeProvider();
        await using var parts = new BackgroundParts(time);
        parts.Queue.Enqueue("jobs", "job-1");

        var item = parts.Queue.ClaimNext(Queues, "a")!;
        Assert.True(parts.Queue.Settle(item, time.GetUtcNow().AddSeconds(5), spendAttempt: true, "boom", null));
        Assert.Null(parts.Queue.ClaimNext(Queues, "a"));
        time.Advance(TimeSpan.FromSeconds(5));
        item = parts.Queue.ClaimNext(Queues, "a")!;
        Assert.Equal(2, item.Attempt);
        Assert.Equal("boom", item.LastError);

        Assert.True(parts.Queue.Settle(item, time.GetUtcNow().AddSeconds(1), spendAttempt: false, null, null));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, parts.Queue.ClaimNext(Queues, "a")!.Attempt);
    }

    [Fact]
    public async Task ClaimById_ItemOfAnotherQueueOrNotDue_IsNotClaimed()
    {
        var time = new ManualTimeProvider();
        await using var parts = new BackgroundParts(time);
        var later = parts.Queue.Enqueue("jobs", "later", time.GetUtcNow().AddMinutes(1))!.Value;
        var other = parts.Queue.Enqueue("ingest", "feed")!.Value;

        Assert.Null(parts.Queue.ClaimById(later, Queues, "a"));
        Assert.Null(parts.Queue.ClaimById(other, Queues, "a"));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("later", parts.Queue.ClaimById(later, Queues, "a")!.Subject);
    }

    [Fact]
    public async Task ClaimDue_BatchOfTwo_TakesTheEarliestDueAndEachSettlesOnItsOwn()
    {
        var time = new ManualTimeProvider();
        await using var parts = new BackgroundParts(time, lease: TimeSpan.FromSeconds(10));
        parts.Queue.Enqueue("jobs", "third", time.GetUtcNow().AddMilliseconds(-1));
        parts.Queue.Enqueue("jobs", "first", time.GetUtcNow().AddMilliseconds(-3));
        parts.Queue.Enqueue("jobs", "second", time.GetUtcNow().AddMilliseconds(-2));
        parts.Queue.Enqueue("jobs", "not-due", time.GetUtcNow().AddMinutes(1));

        var batch = parts.Queue.ClaimDue(Queues, "a", 2);

        Assert.Equal(["first", "second"], batch.Select(item => item.Subject));
        Assert.All(batch, item => Assert.Equal(1, item.Attempt));
        Assert.Equal("third", Assert.Single(parts.Queue.ClaimDue(Queues, "b", 5)).Subject);
        Assert.Empty(parts.Queue.ClaimDue(Queues, "c", 5));
        Assert.True(parts.Queue.Settle(batch[0], null, true, null, null));
        Assert.True(parts.Queue.Renew(batch[1]));
        Assert.True(parts.Queue.Settle(batch[1], time.GetUtcNow(), false, null, null));
        Assert.Equal("second", parts.Queue.ClaimNext(Queues, "c")!.Subject);
    }

    [Fact]
    public async Task BeginWrite_ManyThreadsReadThenWriteOneRow_NoUpdateLostAndNoBusyError()
    {
        await using var parts = new BackgroundParts();
        var database = parts.Database;
        using (var write = database.BeginWrite(Udc.Storage.Durability.Normal))
        {
            using var create = write.Command("CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);");
            create.ExecuteNonQuery();
            write.Commit();
        }

        // 8 threads of 50 read-then-write transactions on one row: without the gate they would meet SQLite's lock.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 50; i++)
            {
                using var write = database.BeginWrite(Udc.Storage.Durability.Normal);
                using var read = write.Command("SELECT n FROM counter;");
                var n = (long)read.ExecuteScalar()!;
                using var update = write.Command("UPDATE counter SET n = $n;");
                update.Parameters.AddWithValue("$n", n + 1);
                update.ExecuteNonQuery();
                write.Commit();
            }
        });

        Assert.Equal(400, parts.Scalar("SELECT n FROM counter"));
    }

    [Fact]
    public async Task BeginWrite_DisposedWithoutCommit_RollsBackAndLetsAnotherThreadWrite()
    {
        await using var parts = new BackgroundParts();
        using (var write = parts.Database.BeginWrite(Udc.Storage.Durability.Full))
        {
            using var insert = write.Command("INSERT INTO meta (name, value) VALUES ('rolled-back', 'x');");
            insert.ExecuteNonQuery();
        }

        // The gate is a thread-owned lock: only another thread shows that disposing let it go.
        var enqueued = await Task.Run(() => parts.Queue.Enqueue("jobs", "after"), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.NotNull(enqueued);
        Assert.Equal(0, parts.Scalar("SELECT count(*) FROM meta WHERE name = 'rolled-back'"));
    }

    [Fact]
    public async Task DueItems_QueryPlan_WalksTheDueIndexWithoutSortingTheQueue()
    {
        await using var parts = new BackgroundParts();
        using var connection = parts.Database.Open(Udc.Storage.Durability.Normal);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + Udc.Background.WorkQueue.DueItems;
        command.Parameters.AddWithValue("$now", 0);
        command.Parameters.AddWithValue("$queues", Queues);
        command.Parameters.AddWithValue("$max", 4);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, step => step.Contains("work_items_due", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
