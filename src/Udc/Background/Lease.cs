namespace Udc.Background;

/// <summary>
/// A held lease, renewed every third of its time to live until disposed (which releases it). If renewals fail
/// until the lease would have expired, another process may hold it now: <see cref="Lost"/> is cancelled, and work
/// done under the lease must stop.
/// </summary>
internal sealed class Lease : IAsyncDisposable
{
    private readonly LeaseStore _store;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lost = new();
    private readonly ITimer _renewal;
    private long _heldUntil;
    private int _renewing;
    private int _disposed;

    internal Lease(LeaseStore store, string name, TimeSpan ttl, TimeProvider time)
    {
        _store = store;
        _ttl = ttl;
        _time = time;
        Name = name;
        _heldUntil = time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency);
        _renewal = time.CreateTimer(_ => _ = RenewAsync(), null, ttl / 3, ttl / 3);
    }

    public string Name { get; }

    /// <summary>Cancelled once this process can no longer be sure it holds the lease.</summary>
    public CancellationToken Lost => _lost.Token;

    private async Task RenewAsync()
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 1 || _lost.IsCancellationRequested)
        {
            return;
        }
        try
        {
            var started = _time.GetTimestamp();
            var check = await _store.RenewAsync(Name, _ttl, first: false);
            if (check == LeaseCheck.Held)
            {
                Volatile.Write(ref _heldUntil, started + (long)(_ttl.TotalSeconds * _time.TimestampFrequency));
            }
            // Refused means another holder now; unknown (Redis did not answer) is lost only once it would have expired.
            else if (check == LeaseCheck.Refused || _time.GetTimestamp() >= Volatile.Read(ref _heldUntil))
            {
                await _lost.CancelAsync();
            }
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
        {
            // A busy database: the next renewal tries again, and the lease is lost only once it would have expired.
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _renewal.DisposeAsync();
        if (!_lost.IsCancellationRequested)
        {
            await _store.ReleaseAsync(Name);
        }
        _lost.Dispose();
    }
}
