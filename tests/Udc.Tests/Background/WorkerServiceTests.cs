using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Outbound;

namespace Udc.Tests.Background;

public sealed class WorkerServiceTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A handler whose behaviour each test scripts, recording what the worker asked of it.</summary>
    private sealed class ScriptedHandler(Func<WorkItem, CancellationToken, Task<WorkOutcome>> run) : IWorkHandler
    {
        public string Queue => "test";

        public RetryPolicy Retry { get; init; } = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

        public List<int> Attempts { get; } = [];

        public TaskCompletionSource<string> GaveUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<WorkOutcome> RunAsync(WorkItem item, CancellationToken cancellationToken)
        {
            lock (Attempts)
            {
                Attempts.Add(item.Attempt);
            }
            return run(item, cancellationToken);
        }

        public void GiveUp(WorkItem item, string error, SqliteConnection connection, SqliteTransaction transaction) => GaveUp.TrySetResult(error);
    }

    [Fact]
    public async Task Run_FailsTwiceThenSucceeds_DoneOnTheThirdAttemptWithTheResultWrittenOnce()
    {
        await using var parts = new BackgroundParts();
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler((item, _) => Task.FromResult(item.Attempt < 3
            ? WorkOutcome.Retry($"vendor 503 on attempt {item.Attempt}")
            : WorkOutcome.Done((_, _) => done.TrySetResult(item.Attempt))));
        using var worker = parts.Worker(handler);
        await worker.StartAsync(Token);

        parts.Queue.Enqueue("test", "job-1");

        Assert.Equal(3, await done.Task.WaitAsync(s_wait, Token));
        await worker.StopAsync(Token);
        Assert.Equal([1, 2, 3], handler.Attempts);
        Assert.Equal(0, parts.Scalar("SELECT count(*) FROM work_items"));
    }

    [Fact]
    public async Task Run_AlwaysThrows_GivenUpAfterMaxAttemptsWithTheLastError()
    {
        await using var parts = new BackgroundParts();
        var handler = new ScriptedHandler((item, _) => throw new InvalidOperationException($"broken {item.Attempt}"));
        using var worker = parts.Worker(handler);
        await worker.StartAsync(Token);

        parts.Queue.Enqueue("test", "job-1");

        Assert.Equal("InvalidOperationException: broken 3", await handler.GaveUp.Task.WaitAsync(s_wait, Token));
        await worker.StopAsync(Token);
        Assert.Equal([1, 2, 3], handler.Attempts);
        Assert.Equal(0, parts.Scalar("SELECT count(*) FROM work_items"));
    }

    [Fact]
    public async Task Run_TargetCircuitOpen_RunsAgainWithoutSpendingAnAttempt()
    {
        await using var parts = new BackgroundParts();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var handler = new ScriptedHandler((item, _) => ++calls < 5
            ? throw new TargetUnavailableException("vendor", TimeSpan.FromMilliseconds(1))
            : Task.FromResult(WorkOutcome.Done((_, _) => done.TrySetResult())));
        using var worker = parts.Worker(handler);
        await worker.StartAsync(Token);

        parts.Queue.Enqueue("test", "job-1");

        await done.Task.WaitAsync(s_wait, Token);
        await worker.StopAsync(Token);
        Assert.Equal([1, 1, 1, 1, 1], handler.Attempts);
    }

    [Fact]
    public async Task Stop_ItemStillRunningAtTheTimeout_HandedBackDueNowWithoutSpendingTheAttempt()
    {
        await using var parts = new BackgroundParts();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(async (_, cancellationToken) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return WorkOutcome.Done();
        });
        var worker = parts.Worker(handler);
        await worker.StartAsync(Token);
        parts.Queue.Enqueue("test", "job-1");
        await started.Task.WaitAsync(s_wait, Token);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await worker.StopAsync(timeout.Token);
        worker.Dispose();

        Assert.Equal(0, parts.Scalar("SELECT attempts FROM work_items WHERE subject = 'job-1'"));
        Assert.Equal(1, parts.Scalar("SELECT count(*) FROM work_items WHERE state = 'ready' AND lease_token IS NULL"));
    }

    [Fact]
    public async Task Stop_ItemFinishesWithinTheTimeout_SettledBeforeStopReturns()
    {
        await using var parts = new BackgroundParts();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(async (_, _) =>
        {
            started.TrySetResult();
            await release.Task;
            return WorkOutcome.Done();
        });
        using var worker = parts.Worker(handler);
        await worker.StartAsync(Token);
        parts.Queue.Enqueue("test", "job-1");
        await started.Task.WaitAsync(s_wait, Token);

        var stopping = worker.StopAsync(Token);
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping.WaitAsync(s_wait, Token);

        Assert.Equal(0, parts.Scalar("SELECT count(*) FROM work_items"));
    }
}
