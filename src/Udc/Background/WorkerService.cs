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
                var (item, entry) = await NextAsync(stoppingToken);
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
            // Stopping: claim nothing more.
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

    /// <summary>The next item to run: one named on the stream, else the one due first; waits for a wake-up or a poll.</summary>
    private async Task<(WorkItem Item, RedisValue Entry)> NextAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
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
            if (_queue.ClaimNext(_queues, Owner) is { } due)
            {
                return (due, default);
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
