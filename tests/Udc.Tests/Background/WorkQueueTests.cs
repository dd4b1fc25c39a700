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
}
