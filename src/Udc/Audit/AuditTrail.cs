using System.Threading.Channels;

namespace Udc.Audit;

/// <summary>
/// Takes audit events off the request path: a request adds its event to a bounded queue and moves on; a background
/// loop writes what gathered in one transaction every <see cref="AuditSettings.FlushInterval"/>, and hourly deletes
/// events past the retention. A full queue (SQLite stalled for long) drops the newest events and counts them, rather
/// than make reads wait on the audit.
/// </summary>
internal sealed partial class AuditTrail(AuditStore store, AuditSettings settings, TimeProvider time, ILogger<AuditTrail> logger) : BackgroundService
{
    /// <summary>100,000 queued events (~20 MB) ride out a stall of tens of seconds at thousands of reads a second.</summary>
    private const int QueueCapacity = 100_000;

    /// <summary>A thousand deletions hold the write lock a few milliseconds.</summary>
    private const int PruneBatch = 1_000;

    private static readonly TimeSpan s_pruneInterval = TimeSpan.FromHours(1);

    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private long _dropped;
    private long _written;
    private long _lastPrune;

    public AuditSettings Settings => settings;

    public AuditStore Store => store;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Raised after a batch is written: tests wait on it instead of sleeping.</summary>
    public event Action<int>? Flushed;

    public void Record(AuditEvent item)
    {
        if (settings.Enabled && !_queue.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes whatever is queued now (the admin's <c>GET /audit</c> reads its own latest reads too).</summary>
    public void Flush()
    {
        var batch = new List<AuditEvent>();
        while (batch.Count < QueueCapacity && _queue.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            lock (store)
            {
                store.Append(batch);
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            LogWriteFailed(logger, e, batch.Count);
            return;
        }
        Interlocked.Add(ref _written, batch.Count);
        Flushed?.Invoke(batch.Count);
    }

    public int Prune()
    {
        var cutoff = time.GetUtcNow() - settings.Retention;
        int deleted = 0, batch;
        do
        {
            batch = store.DeleteOlderThan(cutoff, PruneBatch);
            deleted += batch;
        }
        while (batch == PruneBatch);
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(settings.FlushInterval, time, stoppingToken);
                Write();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // What is queued at shutdown is written before the process goes.
        Write();
    }

    private void Write()
    {
        try
        {
            Flush();
            var now = time.GetTimestamp();
            if (_lastPrune == 0 || time.GetElapsedTime(_lastPrune, now) >= s_pruneInterval)
            {
                _lastPrune = now;
                var pruned = Prune();
                if (pruned > 0)
                {
                    LogPruned(logger, pruned);
                }
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            LogPruneFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} audit events past their retention")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} audit events failed; they are counted as dropped")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting audit events past their retention failed; the next run tries again")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
