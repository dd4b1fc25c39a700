namespace Udc.Redis;

/// <summary>
/// The last <c>capacity</c> distinct strings added (message nonces, webhook ids): enough to recognise a copy of
/// something recent, in memory that never grows past the bound. The oldest is forgotten first.
/// </summary>
internal sealed class RecentSet(int capacity)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <returns>False when the value is already remembered.</returns>
    public bool Add(string value)
    {
        lock (_lock)
        {
            if (!_members.Add(value))
            {
                return false;
            }
            _order.Enqueue(value);
            if (_order.Count > capacity)
            {
                _members.Remove(_order.Dequeue());
            }
            return true;
        }
    }

    public bool Contains(string value)
    {
        lock (_lock)
        {
            return _members.Contains(value);
        }
    }
}
