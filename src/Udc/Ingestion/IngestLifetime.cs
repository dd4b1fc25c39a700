using Udc.Background;

namespace Udc.Ingestion;

/// <summary>
/// Serves every connector's stored records from the start, before the server takes requests, then registers each
/// connector's schedule with the background scheduler (or asks for one run now, for a connector run at start only).
/// </summary>
internal sealed class IngestLifetime(IngestService ingestion, Scheduler scheduler, WorkQueue queue) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ingestion.PublishStored();
        foreach (var connector in ingestion.Connectors)
        {
            if (connector.Schedule is { } schedule)
            {
                scheduler.Register(new RecurringWork(IngestService.Queue + ":" + connector.Name, schedule, IngestService.Queue, connector.Name, connector.RunAtStart));
            }
            else if (connector.RunAtStart)
            {
                queue.Enqueue(IngestService.Queue, connector.Name);
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
