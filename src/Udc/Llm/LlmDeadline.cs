namespace Udc.Llm;

/// <summary>
/// The time left for all model calls of one question. Its token fires when the time is up or the client goes
/// away; <see cref="IsExpired"/> tells the two apart.
/// </summary>
internal sealed class LlmDeadline : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly TimeSpan _total;

    public LlmDeadline(TimeSpan total, TimeProvider time, CancellationToken requestAborted)
    {
        _time = time;
        _total = total;
        _started = time.GetTimestamp();
        _timeout = new CancellationTokenSource(total, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token, requestAborted);
    }

    public CancellationToken Token => _linked.Token;

    public bool IsExpired => _timeout.IsCancellationRequested;

    public TimeSpan Total => _total;

    public TimeSpan Remaining => _total - _time.GetElapsedTime(_started);

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
