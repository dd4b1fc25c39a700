using Microsoft.Extensions.Logging.Abstractions;
using Udc.Background;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Background;

public sealed class SchedulerTests
{
    [Fact]
    public async Task Check_TwoProcessesShareTheDatabase_OneItemPerDueTime()
    {
        var time = new ManualTimeProvider();
        await using var a = new BackgroundParts(time);
        await using var b = new BackgroundParts(time, shared: a.Directory);
        var first = new Scheduler(a.Database, a.Queue, [], time, NullLogger<Scheduler>.Instance);
        var second = new Scheduler(b.Database, b.Queue, [], time, NullLogger<Scheduler>.Instance);
        Assert.True(Schedule.TryParse("1m", out var everyMinute, out _));
        var work = new RecurringWork("feed", everyMinute, "ingest", "feed", RunAtStart: false);

        Assert.Null(first.Check(work));
        Assert.Null(second.Check(work));
        time.Advance(TimeSpan.FromMinutes(1));
        var added = first.Check(work);
        var again = second.Check(work);

        Assert.NotNull(added);
        Assert.Null(again);
        Assert.Equal(time.GetUtcNow().AddMinutes(1), first.NextDue("feed"));
    }

    [Fact]
    public async Task Check_LastRunStillOpen_SkipsAndKeepsTheRhythm()
    {
        var time = new ManualTimeProvider();
        await using var parts = new BackgroundParts(time);
        var scheduler = new Scheduler(parts.Database, parts.Queue, [], time, NullLogger<Scheduler>.Instance);
        Assert.True(Schedule.TryParse("10s", out var schedule, out _));
        var work = new RecurringWork("feed", schedule, "ingest", "feed", RunAtStart: false);
        scheduler.Check(work);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(scheduler.Check(work));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(scheduler.Check(work));

        Assert.Equal(1, parts.Scalar("SELECT count(*) FROM work_items WHERE subject = 'feed'"));
        Assert.Equal(time.GetUtcNow().AddSeconds(10), scheduler.NextDue("feed"));
    }

    [Fact]
    public async Task Register_RunAtStart_AddsAnItemAtOnce()
    {
        await using var parts = new BackgroundParts();
        var scheduler = new Scheduler(parts.Database, parts.Queue, [], parts.Time, NullLogger<Scheduler>.Instance);

        scheduler.Register(new RecurringWork("feed", Schedule.Every(TimeSpan.FromHours(1)), "ingest", "feed", RunAtStart: true));

        Assert.Equal(1, parts.Queue.CountOpen()["ingest"]);
    }

    [Fact]
    public async Task Start_WorkDeclaredAsAService_RegisteredAndDueAtStart()
    {
        await using var parts = new BackgroundParts();
        RecurringWork[] declared = [new("pruning", Schedule.Every(TimeSpan.FromHours(1)), "housekeeping", "table", RunAtStart: true)];
        var scheduler = new Scheduler(parts.Database, parts.Queue, declared, parts.Time, NullLogger<Scheduler>.Instance);

        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await scheduler.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, parts.Queue.CountOpen()["housekeeping"]);
        Assert.True(scheduler.Unregister("pruning"));
    }
}
