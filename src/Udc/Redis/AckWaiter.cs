namespace Udc.Redis;

/// <summary>Counts acknowledgements of one message; they may arrive before the sender knows how many to expect.</summary>
internal sealed class AckWaiter
{
    private readonly Lock _lock = new();
    private int _received;
    private int _expected = int.MaxValue;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <returns>True when every expected acknowledgement has already arrived.</returns>
    public bool Expect(int count)
    {
        lock (_lock)
        {
            _expected = count;
            return _received >= _expected;
        }
    }

    public void Acknowledge()
    {
        lock (_lock)
        {
            if (++_received >= _expected)
            {
                Done.TrySetResult();
            }
        }
    }
}
