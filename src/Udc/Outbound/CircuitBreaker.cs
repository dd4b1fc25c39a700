namespace Udc.Outbound;

/// <summary>
/// Opens after <see cref="Threshold"/> failures in a row and stays open for a cool-down that doubles up to
/// <see cref="MaxOpen"/>; while open, callers skip the target entirely. Redis's connection probes in the background
/// to close it; an outbound target lets one call through as the probe (<see cref="TryEnter"/>). A hung dependency
/// therefore costs a handful of timed-out calls, not every call.
/// </summary>
internal sealed class CircuitBreaker(TimeProvider time, int threshold = CircuitBreaker.DefaultThreshold, TimeSpan? minOpen = null, TimeSpan? maxOpen = null)
{
    /// <summary>Three in a row: one failure is noise, three is an outage.</summary>
    public const int DefaultThreshold = 3;

    public static readonly TimeSpan DefaultMinOpen = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultMaxOpen = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private readonly TimeSpan _minOpen = minOpen ?? DefaultMinOpen;
    private int _failures;
    private long _openUntil;
    private TimeSpan _openFor = minOpen ?? DefaultMinOpen;

    public int Threshold { get; } = Math.Max(1, threshold);

    public TimeSpan MaxOpen { get; } = maxOpen ?? DefaultMaxOpen;

    public bool IsOpen => Volatile.Read(ref _failures) >= Threshold;

    /// <summary>True once an open circuit's cool-down has passed: time for a probe.</summary>
    public bool ProbeDue => IsOpen && time.GetTimestamp() >= Volatile.Read(ref _openUntil);

    /// <summary>How long until an open circuit lets a probe through; zero when closed or due.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            var left = Volatile.Read(ref _openUntil) - time.GetTimestamp();
            return IsOpen && left > 0 ? TimeSpan.FromSeconds((double)left / time.TimestampFrequency) : TimeSpan.Zero;
        }
    }

    public int Trips { get; private set; }

    /// <summary>
    /// True when a call may go: the circuit is closed, or its cool-down has passed and this caller is the one probe
    /// (the next cool-down starts now, so concurrent callers still skip until the probe reports).
    /// </summary>
    public bool TryEnter()
    {
        if (!IsOpen)
        {
            return true;
        }
        lock (_lock)
        {
            if (time.GetTimestamp() < _openUntil)
            {
                return false;
            }
            _openUntil = time.GetTimestamp() + (long)(_openFor.TotalSeconds * time.TimestampFrequency);
            return true;
        }
    }

    public void Success()
    {
        if (Volatile.Read(ref _failures) == 0)
        {
            return;
        }
        lock (_lock)
        {
            _failures = 0;
            _openFor = _minOpen;
        }
    }

    /// <returns>True when this failure opened the circuit.</returns>
    public bool Failure()
    {
        lock (_lock)
        {
            _failures++;
            if (_failures < Threshold)
            {
                return false;
            }
            var opened = _failures == Threshold;
            if (opened)
            {
                Trips++;
            }
            _openUntil = time.GetTimestamp() + (long)(_openFor.TotalSeconds * time.TimestampFrequency);
            _openFor = TimeSpan.FromTicks(Math.Min(MaxOpen.Ticks, _openFor.Ticks * 2));
            return opened;
        }
    }
}
