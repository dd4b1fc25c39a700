using System.Text;
using Udc.Caching;
using Udc.Engine.Patching;
using Udc.Ingestion.Running;
using Udc.Ingestion.Storage;
using Udc.Redis;

namespace Udc.Ingestion;

/// <summary>Running a connector and spreading what it committed.</summary>
internal sealed partial class IngestService
{
    /// <summary>Runs the connector now; null when a run of it is already in progress in this process.</summary>
    public async Task<RunResult?> RunAsync(string name, string trigger, CancellationToken cancellationToken)
    {
        var handle = _connectors[name];
        if (!await handle.Gate.WaitAsync(0, cancellationToken))
        {
            return null;
        }
        try
        {
            var runId = _store.StartRun(name, trigger, _time.GetUtcNow());
            Volatile.Write(ref handle.RunningRunId, runId);
            return await RunStartedAsync(handle, runId, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref handle.RunningRunId, 0);
            handle.Gate.Release();
        }
    }

    /// <summary>
    /// Starts a run and returns its id at once, the run going on in the background; null when one is in progress.
    /// </summary>
    public long? StartRun(string name, string trigger, CancellationToken stopping)
    {
        var handle = _connectors[name];
        if (!handle.Gate.Wait(0, CancellationToken.None))
        {
            return null;
        }
        long runId;
        try
        {
            runId = _store.StartRun(name, trigger, _time.GetUtcNow());
            Volatile.Write(ref handle.RunningRunId, runId);
        }
        catch
        {
            handle.Gate.Release();
            throw;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await RunStartedAsync(handle, runId, stopping);
            }
            finally
            {
                Volatile.Write(ref handle.RunningRunId, 0);
                handle.Gate.Release();
            }
        }, CancellationToken.None);
        return runId;
    }

    private async Task<RunResult> RunStartedAsync(ConnectorHandle handle, long runId, CancellationToken cancellationToken)
    {
        var connector = handle.Connector;
        var result = await _runner.RunAsync(connector, handle.Upstream, _catalog.Options.DataDirectory, runId, commit => PublishAsync(handle, commit), cancellationToken);
        if (result.Status is IngestRun.Succeeded or IngestRun.NotModified)
        {
            var freshAt = _time.GetUtcNow();
            var (_, sequence) = _store.LoadCheckpoint(connector.Name);
            _catalog.MarkIngestedFresh(connector.Name, freshAt, ContentTag.ForIngested(handle.Source, sequence, freshAt));
            await _bus.PublishAsync(new BusMessage { Kind = "ingest", Origin = "", Source = connector.Name, Sequence = sequence, At = freshAt.ToUnixTimeMilliseconds() });
        }
        return result;
    }

    /// <summary>A commit's changed records into the source here, then to the other replicas.</summary>
    private async Task PublishAsync(ConnectorHandle handle, PageCommit commit)
    {
        if (commit.Changed.Count == 0)
        {
            return;
        }
        var name = handle.Connector.Name;
        var freshAt = _catalog.TryGet(name, out var state) && state.Snapshot is { } snapshot ? snapshot.FileModifiedAt : DateTimeOffset.UnixEpoch;
        var changes = commit.Changed.Select(r => new RecordChange(RecordChangeKind.Upsert, r)).ToList();
        _catalog.AppendIngested(name, changes, freshAt, ContentTag.ForIngested(handle.Source, commit.Sequence, freshAt));
        var token = ResponseCache.NewToken();
        _cache.Invalidate(name, token);
        var payload = new StringBuilder();
        foreach (var record in commit.Changed)
        {
            payload.Append(Encoding.UTF8.GetString(record)).Append('\n');
        }
        await _bus.PublishAsync(new BusMessage { Kind = "ingest", Origin = "", Source = name, Token = token, Sequence = commit.Sequence, Payload = payload.ToString() });
    }
}
