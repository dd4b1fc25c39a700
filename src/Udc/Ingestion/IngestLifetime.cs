namespace Udc.Ingestion;

/// <summary>Serves every connector's stored records from the start, before the server takes requests.</summary>
internal sealed class IngestLifetime(IngestService ingestion) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ingestion.PublishStored();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
