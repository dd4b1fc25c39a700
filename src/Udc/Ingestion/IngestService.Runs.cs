using System.Text;
using Udc.Background;
using Udc.Caching;
using Udc.Engine.Describe;
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
        using (var write = _store.Database.BeginWrite(Durability.Full))
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
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
    /// Runs the connector under its lease (one replica at a time); null when another process holds the lease (see
    /// <see cref="LeaseHeldElsewhere"/>). The run stops if the lease is lost.
    /// </summary>
    public async Task<RunResult?> RunAsync(string name, string trigger, CancellationToken cancellationToken)
    {
        var handle = _connectors[name];
        await _published.Task.WaitAsync(cancellationToken);
        await using var lease = await _leases.TryAcquireAsync(Queue + ":" + name, _background.LeaseTime);
        if (lease is null)
        {
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
        var pending = new PendingRecords(_time);
        long sequence = 0;
        var result = await _runner.RunAsync(connector, handle.Upstream, _catalog.Options.DataDirectory, runId, async commit =>
        {
            sequence = commit.Sequence;
            pending.Add(commit.Changed);
            if (pending.IsDue(RowsOf(connector.Name)))
            {
                Apply(handle, pending, sequence);
            }
            await PublishAsync(connector.Name, commit);
        }, cancellationToken);
        // Whatever was committed is served, however the run ended.
        Apply(handle, pending, sequence);
        if (result.Status is IngestRun.Succeeded or IngestRun.NotModified)
        {
            var freshAt = _time.GetUtcNow();
            (_, sequence) = _store.LoadCheckpoint(connector.Name);
            _catalog.MarkIngestedFresh(connector.Name, freshAt, ContentTag.ForIngested(handle.Source, sequence, freshAt));
            await _bus.PublishAsync(new BusMessage { Kind = "ingest", Origin = "", Source = connector.Name, Sequence = sequence, At = freshAt.ToUnixTimeMilliseconds() });
        }
        RunFinished?.Invoke(result);
        return result;
    }

    /// <summary>
    /// What becomes of a work item whose connector lease another process holds. With no run of the connector marked
    /// running here, the holder is another replica making the run: this one is skipped. With one, the holder may be
    /// alive and finishing it, or killed mid-run with its lease not yet lapsed (a lease is renewed apart from the work
    /// item's claim, so it can outlive the claim by a moment): the item is looked at again once the lease could have
    /// lapsed, or a killed process's run would never resume.
    /// </summary>
    public WorkOutcome LeaseHeldElsewhere(string name)
    {
        if (_store.HasRunning(name))
        {
            return WorkOutcome.CheckLater(_background.LeaseTime);
        }
        _store.SkipQueued(name, _time.GetUtcNow());
        return WorkOutcome.Done();
    }

    private int RowsOf(string name) => _catalog.TryGet(name, out var state) && state.Snapshot is { } snapshot ? snapshot.RowCount : 0;

    /// <summary>Patches the waiting records into the source and invalidates its cached responses here.</summary>
    private void Apply(ConnectorHandle handle, PendingRecords pending, long sequence)
    {
        if (pending.Count == 0)
        {
            return;
        }
        var name = handle.Connector.Name;
        var freshAt = _catalog.TryGet(name, out var state) && state.Snapshot is { } snapshot ? snapshot.FileModifiedAt : Freshness.Never;
        _catalog.AppendIngested(name, pending.Take(), freshAt, ContentTag.ForIngested(handle.Source, sequence, freshAt));
        _cache.Invalidate(name, ResponseCache.NewToken());
    }

    /// <summary>A commit's changed records to the other replicas, which store and patch them.</summary>
    private async Task PublishAsync(string name, PageCommit commit)
    {
        if (commit.Changed.Count == 0)
        {
            return;
        }
        var payload = new StringBuilder();
        foreach (var (_, record) in commit.Changed)
        {
            payload.Append(Encoding.UTF8.GetString(record)).Append('\n');
        }
        await _bus.PublishAsync(new BusMessage { Kind = "ingest", Origin = "", Source = name, Token = ResponseCache.NewToken(), Sequence = commit.Sequence, Payload = payload.ToString() });
    }
}
