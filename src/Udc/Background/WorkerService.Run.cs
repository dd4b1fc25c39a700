using Udc.Outbound;

namespace Udc.Background;

internal sealed partial class WorkerService
{
    private async Task RunAsync(WorkItem item, IWorkHandler handler)
    {
        if (item.Attempt > handler.Retry.MaxAttempts)
        {
            // Each earlier claim ended with its worker gone (killed, lease lost): the item itself may be what kills it.
            var error = $"the worker stopped during each of {handler.Retry.MaxAttempts} attempts";
            Settle(item, null, true, error, (connection, transaction) => handler.GiveUp(item, item.LastError ?? error, connection, transaction));
            return;
        }
        using var run = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var lost = false;
        var renewEvery = _settings.LeaseTime / 3;
        await using var renewal = _time.CreateTimer(_ =>
        {
            try
            {
                if (!run.IsCancellationRequested && !_queue.Renew(item))
                {
                    lost = true;
                    run.Cancel();
                }
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
            {
                // A busy database: the next renewal, a third of a lease later, tries again.
            }
        }, null, renewEvery, renewEvery);

        WorkOutcome outcome;
        try
        {
            outcome = await handler.RunAsync(item, run.Token);
        }
        catch (TargetUnavailableException e)
        {
            outcome = WorkOutcome.CheckLater(e.RetryAfter > TimeSpan.Zero ? e.RetryAfter : _settings.PollInterval);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            if (lost)
            {
                LogLeaseLost(_logger, item.Queue, item.Subject);
                return;
            }
            // Stopping: the item goes back as it was, due now, for whichever worker is next.
            Settle(item, _time.GetUtcNow(), false, null, null);
            return;
        }
        catch (Exception e)
        {
            outcome = WorkOutcome.Retry($"{e.GetType().Name}: {e.Message}");
        }
        Apply(item, handler, outcome);
    }

    private void Apply(WorkItem item, IWorkHandler handler, WorkOutcome outcome)
    {
        var now = _time.GetUtcNow();
        switch (outcome.Kind)
        {
            case WorkOutcomeKind.Done:
                Settle(item, null, true, null, outcome.Apply);
                break;
            case WorkOutcomeKind.Fail:
                LogFailed(_logger, item.Queue, item.Subject, item.Attempt, outcome.Error);
                Settle(item, null, true, outcome.Error, outcome.Apply);
                break;
            case WorkOutcomeKind.CheckLater:
                Settle(item, now + (outcome.Delay ?? _settings.PollInterval), false, null, outcome.Apply);
                break;
            case WorkOutcomeKind.Retry when handler.Retry.CanRetry(item.Attempt):
                var delay = handler.Retry.DelayAfter(item.Attempt, outcome.Delay);
                LogRetry(_logger, item.Queue, item.Subject, item.Attempt, outcome.Error, delay.TotalMilliseconds);
                Settle(item, now + delay, true, outcome.Error, outcome.Apply);
                break;
            default:
                var error = outcome.Error ?? "failed";
                LogGaveUp(_logger, item.Queue, item.Subject, item.Attempt, error);
                Settle(item, null, true, error, (connection, transaction) =>
                {
                    outcome.Apply?.Invoke(connection, transaction);
                    handler.GiveUp(item, error, connection, transaction);
                });
                break;
        }
    }

    private void Settle(WorkItem item, DateTimeOffset? dueAt, bool spendAttempt, string? error, Action<Microsoft.Data.Sqlite.SqliteConnection, Microsoft.Data.Sqlite.SqliteTransaction>? apply)
    {
        try
        {
            if (!_queue.Settle(item, dueAt, spendAttempt, error, apply))
            {
                LogLeaseLost(_logger, item.Queue, item.Subject);
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // Nothing was written; the lease runs out and the item runs again.
            LogSettleFailed(_logger, item.Queue, item.Subject, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Queue} item {Subject}: attempt {Attempt} failed ({Error}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, string queue, string subject, int attempt, string? error, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Queue} item {Subject}: failed on attempt {Attempt} ({Error})")]
    private static partial void LogFailed(ILogger logger, string queue, string subject, int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Queue} item {Subject}: gave up after attempt {Attempt} ({Error})")]
    private static partial void LogGaveUp(ILogger logger, string queue, string subject, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Queue} item {Subject}: the lease was lost (another worker holds it now); this run's outcome is dropped")]
    private static partial void LogLeaseLost(ILogger logger, string queue, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Queue} item {Subject}: could not record the outcome ({Error}); it runs again when its lease ends")]
    private static partial void LogSettleFailed(ILogger logger, string queue, string subject, string error);
}
