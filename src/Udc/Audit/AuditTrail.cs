using System.Threading.Channels;

namespace Udc.Audit;

/// <summary>
/// Takes audit events off the request path: a request adds its event to a bounded queue and moves on; a background
/// loop writes what gathered in one transaction every <see cref="AuditSettings.FlushInterval"/>. A full queue (SQLite
/// stalled for long) drops the newest events and counts them, rather than make reads wait on the audit. Events past
/// their retention are deleted by <see cref="AuditPruner"/>, on the background scheduler.
/// </summary>
internal sealed partial class AuditTrail(AuditStore store, AuditSettings settings, TimeProvider time, ILogger<AuditTrail> logger) : BackgroundService
{
    /// <summary>100,000 queued events (~20 MB) ride out a stall of tens of seconds at thousands of reads a second.</summary>
    private const int QueueCapacity = 100_000;

    /// <summary>A thousand deletions hold the write lock a few milliseconds.</summary>
    private const int PruneBatch = 1_000;

    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>The outcome of a refusal before authentication: the caller is not known, only that it failed.</summary>
    public const string UnauthorizedOutcome = "unauthorized";

    private readonly Lock _unauthorizedLock = new();
    private long _dropped;
    private long _written;
    private long _unauthorizedMinute;
    private int _unauthorizedInMinute;
    private long _unauthorizedNotRecorded;

    public AuditSettings Settings => settings;

    public AuditStore Store => store;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Refusals before authentication past <see cref="AuditSettings.UnauthorizedPerMinute"/>: counted, not written.</summary>
    public long UnauthorizedNotRecorded => Interlocked.Read(ref _unauthorizedNotRecorded);

    /// <summary>Raised after a batch is written: tests wait on it instead of sleeping.</summary>
    public event Action<int>? Flushed;

    public void Record(AuditEvent item)
    {
        if (settings.Enabled && !_queue.Writer.TryWrite(item))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>
    /// A refusal before authentication, recorded while this minute (a fixed window on the clock) is under
    /// <see cref="AuditSettings.UnauthorizedPerMinute"/>; past it only counted.
    /// </summary>
    public void RecordUnauthorized(AuditEvent item)
    {
        if (!settings.Enabled)
        {
            return;
        }
        var minute = item.At.ToUnixTimeSeconds() / 60;
        lock (_unauthorizedLock)
        {
            if (minute != _unauthorizedMinute)
            {
                _unauthorizedMinute = minute;
                _unauthorizedInMinute = 0;
            }
            if (_unauthorizedInMinute >= settings.UnauthorizedPerMinute)
            {
                Interlocked.Increment(ref _unauthorizedNotRecorded);
                return;
            }
            _unauthorizedInMinute++;
        }
        Record(item);
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

    /// <summary>Deletes events past the retention, and refusals before authentication past theirs; returns how many went.</summary>
    public int Prune()
    {
        var now = time.GetUtcNow();
        var deleted = Prune(now - settings.Retention, null);
        if (AuditSettings.UnauthorizedRetention < settings.Retention)
        {
            deleted += Prune(now - AuditSettings.UnauthorizedRetention, UnauthorizedOutcome);
        }
        return deleted;
    }

    private int Prune(DateTimeOffset cutoff, string? outcome)
    {
        int deleted = 0, batch;
        do
        {
            batch = store.DeleteOlderThan(cutoff, PruneBatch, outcome);
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
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // What is queued at shutdown is written before the process goes.
        Flush();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} audit events failed; they are counted as dropped")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
