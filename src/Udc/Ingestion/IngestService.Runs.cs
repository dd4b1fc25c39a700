using System.Text;
using Udc.Background;
using Udc.Caching;
using Udc.Engine.Patching;
using Udc.Ingestion.Running;
using Udc.Ingestion.Storage;
using Udc.Redis;
using Udc.Storage;

namespace Udc.Ingestion;

/// <summary>Running a connector and spreading what it committed.</summary>
internal sealed partial class IngestService
{
    /// <summary>The background queue ingestion runs go through; its subject is the connector's name.</summary>
    public const string Queue = "ingest";

    /// <summary>Raised after every run of this process ends, success or not, once its source and replicas have it.</summary>
    public event Action<RunResult>? RunFinished;

    /// <summary>
    /// Queues a run asked for now: the run row and its work item in one transaction. Null when the connector already
    /// has a run queued or running (its id is in <paramref name="open"/>).
    /// </summary>
    public long? RequestRun(string name, out long? open)
    {
        var now = _time.GetUtcNow();
        long? item;
        long runId;
        using (var connection = _store.Database.Open(Durability.Full))
        using (var transaction = connection.BeginTransaction())
        {
            item = WorkQueue.Add(connection, transaction, Queue, name, now, now);
            if (item is null)
            {
                transaction.Rollback();
                open = _store.OpenRun(name) ?? RunningRunId(name);
                return null;
            }
            runId = IngestStore.QueueRun(connection, transaction, name, now);
            transaction.Commit();
        }
        _queue.Notify(item.Value);
        open = null;
        return runId;
    }

    /// <summary>
    /// Runs the connector under its lease (one replica at a time); null when another process holds the lease, so the
    /// run is that process's to make. The run stops if the lease is lost.
    /// </summary>
    public async Task<RunResult?> RunAsync(string name, string trigger, CancellationToken cancellationToken)
    {
        var handle = _connectors[name];
        await _published.Task.WaitAsync(cancellationToken);
        await using var lease = await _leases.TryAcquireAsync(Queue + ":" + name, _background.LeaseTime);
        if (lease is null)
        {
            _store.SkipQueued(name, _time.GetUtcNow());
            return null;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        var runId = _store.StartRun(name, trigger, _time.GetUtcNow());
        Volatile.Write(ref handle.RunningRunId, runId);
        try
        {
            return await RunStartedAsync(handle, runId, linked.Token);
        }
        finally
        {
            Volatile.Write(ref handle.RunningRunId, 0);
        }
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
        RunFinished?.Invoke(result);
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
