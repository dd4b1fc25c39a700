using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using StackExchange.Redis;
using Udc.Redis;

namespace Udc.Background;

/// <summary>
/// The one worker loop for all background work (jobs, ingestion runs, callbacks): up to
/// <see cref="BackgroundSettings.Workers"/> items at once, each claimed from <see cref="WorkQueue"/> under a lease
/// renewed every third of its length, run by its queue's <see cref="IWorkHandler"/> and settled by the outcome.
/// On stop it claims nothing more and lets items in flight finish within the shutdown timeout; what is still
/// running then is cancelled and handed back, not counted as an attempt.
/// </summary>
internal sealed partial class WorkerService : BackgroundService
{
    private readonly WorkQueue _queue;
    private readonly WorkStream _stream;
    private readonly BackgroundSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkerService> _logger;
    private readonly FrozenDictionary<string, IWorkHandler> _handlers;
    private readonly string _queues;
    private readonly Queue<(RedisValue Entry, long ItemId)> _hints = new();
    private readonly Queue<WorkItem> _claimed = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly CancellationTokenSource _abort = new();

    public WorkerService(IEnumerable<IWorkHandler> handlers, WorkQueue queue, WorkStream stream, BackgroundSettings settings, RedisBus bus, TimeProvider time, ILogger<WorkerService> logger)
    {
        _queue = queue;
        _stream = stream;
        _settings = settings;
        _time = time;
        _logger = logger;
        _handlers = handlers.ToFrozenDictionary(handler => handler.Queue, StringComparer.Ordinal);
        _queues = JsonSerializer.Serialize([.. _handlers.Keys], BackgroundJsonContext.Default.StringArray);
        Owner = bus.ReplicaId;
    }

    /// <summary>This process's name as a lease owner and stream consumer.</summary>
    public string Owner { get; }

    /// <summary>Items running in this process now.</summary>
    public int Running => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_handlers.Count == 0)
        {
            return;
        }
        _stream.Start(_queue.Wake);
        using var slots = new SemaphoreSlim(_settings.Workers);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                // This slot and every other free one: a batch claim fills them all at once.
                var (item, entry) = await NextAsync(slots.CurrentCount + 1, stoppingToken);
                _running[item.Id] = Task.Run(async () =>
                {
                    try
                    {
                        await RunAsync(item, _handlers[item.Queue]);
                    }
                    finally
                    {
                        if (!entry.IsNull)
                        {
                            _stream.Ack(entry);
                        }
                        _running.TryRemove(item.Id, out _);
                        slots.Release();
                    }
                }, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: claim nothing more, and hand back what a batch claimed but no slot ran, due now, for whichever worker is next.
        }
        while (_claimed.TryDequeue(out var unstarted))
        {
            Settle(unstarted, _time.GetUtcNow(), false, null, null);
        }
        await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Waits for items in flight until the host's shutdown timeout, then cancels them (they go back to the queue).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            await _abort.CancelAsync();
            // Cancelled items only hand their lease back: a few milliseconds each.
            await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// The next item to run: one claimed earlier in a batch, else one named on the stream, else the due ones first
    /// (up to <paramref name="free"/> of them in one claim); waits for a wake-up or a poll.
    /// </summary>
    private async Task<(WorkItem Item, RedisValue Entry)> NextAsync(int free, CancellationToken stoppingToken)
    {
        while (true)
        {
            if (_claimed.TryDequeue(out var claimed))
            {
                // Claimed with the last batch for a slot free then: its lease started with the claim, so it runs at once.
                return (claimed, default);
            }
            stoppingToken.ThrowIfCancellationRequested();
            while (_hints.TryDequeue(out var hint))
            {
                if (_queue.ClaimById(hint.ItemId, _queues, Owner) is { } named)
                {
                    return (named, hint.Entry);
                }
                // Already run by another worker, or not due: the table will say when it is.
                _stream.Ack(hint.Entry);
            }
            var due = _queue.ClaimDue(_queues, Owner, free);
            if (due.Count > 0)
            {
                for (var i = 1; i < due.Count; i++)
                {
                    _claimed.Enqueue(due[i]);
                }
                return (due[0], default);
            }
            foreach (var hint in await _stream.ReadAsync(Owner, _settings.Workers))
            {
                _hints.Enqueue(hint);
            }
            if (_hints.Count == 0)
            {
                await _queue.WaitAsync(stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
