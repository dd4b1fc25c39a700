namespace Udc.Redis;

/// <summary>
/// Opens after <see cref="FailureThreshold"/> failures in a row and stays open for a cool-down that doubles
/// up to <see cref="MaxOpen"/>; while open, callers skip Redis entirely and a background probe decides when
/// to close. A hung Redis therefore costs a handful of timed-out requests, not every request.
/// </summary>
internal sealed class CircuitBreaker(TimeProvider time)
{
    public const int FailureThreshold = 3;

    public static readonly TimeSpan MinOpen = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxOpen = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private int _failures;
    private long _openUntil;
    private TimeSpan _openFor = MinOpen;

    public bool IsOpen => Volatile.Read(ref _failures) >= FailureThreshold;

    /// <summary>True once an open circuit's cool-down has passed: time for a probe.</summary>
    public bool ProbeDue => IsOpen && time.GetTimestamp() >= Volatile.Read(ref _openUntil);

    public int Trips { get; private set; }

    public void Success()
    {
        if (Volatile.Read(ref _failures) == 0)
        {
            return;
        }
        lock (_lock)
        {
            _failures = 0;
            _openFor = MinOpen;
        }
    }

    /// <returns>True when this failure opened the circuit.</returns>
    public bool Failure()
    {
        lock (_lock)
        {
            _failures++;
            if (_failures < FailureThreshold)
            {
                return false;
            }
            var opened = _failures == FailureThreshold;
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
