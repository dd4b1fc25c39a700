using Udc.Background;

namespace Udc.Jobs;

/// <summary>Puts job pruning on the background scheduler: due at start and every hour after.</summary>
internal sealed class JobsLifetime(Scheduler scheduler) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        scheduler.Register(new RecurringWork(JobPruner.PruneQueue, Schedule.Every(JobPruner.Interval), JobPruner.PruneQueue, "jobs", RunAtStart: true));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
