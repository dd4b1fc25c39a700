using Udc.Ingestion.Connectors;
using Udc.Ingestion.Fetching;
using Udc.Ingestion.Storage;

namespace Udc.Ingestion.Running;

/// <summary>
/// One run of one connector: fetch page after page, commit each with the checkpoint that covers it, hand the
/// changed records to the source, then compare the run's shape with the run before. A failure at a page leaves the
/// checkpoint at the last committed page, where the next run resumes.
/// </summary>
internal sealed partial class ConnectorRunner(IngestStore store, TimeProvider time, ILogger<ConnectorRunner> logger)
{
    /// <param name="publish">Receives each commit's changed records (the source is patched and replicas told).</param>
    public async Task<RunResult> RunAsync(ConnectorDefinition connector, UpstreamClient upstream, string dataDirectory, long runId,
        Func<PageCommit, Task> publish, CancellationToken cancellationToken)
    {
        var (checkpoint, _) = store.LoadCheckpoint(connector.Name);
        var drift = new SchemaDrift();
        var requests = 0;
        var status = IngestRun.Succeeded;
        string? error = null;
        TimeSpan? retryAfter = null;
        TimeSpan? circuitOpenFor = null;
        var pageNumber = checkpoint.Resume?.PagesDone ?? 0;
        var resumed = checkpoint.Resume is not null;
        string? etag = null, lastModified = null;
        try
        {
            await foreach (var page in Fetch(connector, upstream, checkpoint, dataDirectory, cancellationToken))
            {
                pageNumber++;
                if (!resumed && pageNumber == 1)
                {
                    (etag, lastModified) = (page.ETag, page.LastModified);
                }
                if (page.NotModified)
                {
                    requests += page.Requests;
                    status = IngestRun.NotModified;
                    if (page.ETag is not null || page.LastModified is not null)
                    {
                        store.SaveCheckpoint(connector.Name, runId, checkpoint with { ETag = page.ETag ?? checkpoint.ETag, LastModified = page.LastModified ?? checkpoint.LastModified }, time.GetUtcNow());
                    }
                    break;
                }
                foreach (var record in page.Records)
                {
                    drift.Add(record.Normalized);
                }
                var next = page.Next is { } position
                    ? checkpoint with { Resume = position with { PendingHighWater = page.HighWater } }
                    : new IngestCheckpoint
                    {
                        ETag = resumed ? null : etag,
                        LastModified = resumed ? null : lastModified,
                        HighWater = RecordCheck.Max(checkpoint.HighWater, page.HighWater),
                        ContentHash = page.ContentHash,
                    };
                var commit = store.CommitPage(connector.Name, runId, pageNumber, page, next, time.GetUtcNow());
                await publish(commit);
            }
        }
        catch (Exception e) when (e is FetchException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            status = IngestRun.Failed;
            error = e.Message;
            retryAfter = (e as UpstreamStatusException)?.RetryAfter is { } asked ? RetryAfterOf(asked) : null;
            LogRunFailed(logger, connector.Name, runId, e.Message);
        }
        catch (Udc.Outbound.TargetUnavailableException e)
        {
            status = IngestRun.Failed;
            error = e.Message;
            circuitOpenFor = e.RetryAfter;
        }
        catch (OperationCanceledException)
        {
            status = IngestRun.Failed;
            error = "the run was stopped (UDC is shutting down); the next run resumes at the last committed page";
        }
        var findings = status == IngestRun.Failed ? [] : drift.Compare(store.LastProfile(connector.Name, runId));
        if (findings.Count > 0)
        {
            LogDrift(logger, connector.Name, runId, string.Join("; ", findings.Select(f => $"{f.Kind} {f.Field} ({f.Detail})")));
            if (connector.FailOnDrift)
            {
                status = IngestRun.Failed;
                error = $"schema drift: {findings.Count} change(s) in the records' fields, and fail_on_drift is set";
            }
        }
        store.FinishRun(runId, status, error, findings, drift.Records > 0 ? drift.Fields : null, requests, time.GetUtcNow());
        return new RunResult(runId, status, error, retryAfter, circuitOpenFor, connector.FailOnDrift && findings.Count > 0);
    }

    private static IAsyncEnumerable<FetchedPage> Fetch(ConnectorDefinition connector, UpstreamClient upstream, IngestCheckpoint checkpoint, string dataDirectory, CancellationToken cancellationToken) =>
        connector.Kind switch
        {
            ConnectorKind.HttpJson => HttpJsonFetcher.FetchAsync(upstream, checkpoint, cancellationToken),
            ConnectorKind.Csv => CsvFetcher.FetchAsync(upstream, checkpoint, dataDirectory, cancellationToken),
            _ => FeedFetcher.FetchAsync(upstream, checkpoint, cancellationToken),
        };

    private TimeSpan? RetryAfterOf(System.Net.Http.Headers.RetryConditionHeaderValue header) =>
        header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null);

    /// <remarks>The reason names the page that failed (the one after the last committed).</remarks>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion run {RunId} of {Connector} failed: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, string connector, long runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion run {RunId} of {Connector} found schema drift: {Findings}")]
    private static partial void LogDrift(ILogger logger, string connector, long runId, string findings);
}

/// <summary>
/// How a run ended: <see cref="RetryAfter"/> is what a throttling upstream asked for, <see cref="CircuitOpenFor"/> how
/// long the connector's circuit stays open, <see cref="FailedOnDrift"/> a failure no retry would change.
/// </summary>
internal sealed record RunResult(long RunId, string Status, string? Error, TimeSpan? RetryAfter, TimeSpan? CircuitOpenFor, bool FailedOnDrift);
