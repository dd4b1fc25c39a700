using System.Diagnostics.CodeAnalysis;

namespace Udc.Redis;

/// <summary>
/// Messages this replica could not send (Redis down, the circuit open, a call that failed), kept in order until
/// Redis is usable again. Bounded by count and by bytes; when full, the oldest message is dropped.
/// </summary>
internal sealed class BusOutbox(int maxMessages = BusOutbox.MaxMessages, long maxBytes = BusOutbox.MaxBytes)
{
    /// <summary>As many as the replay log keeps (<see cref="BusLog.MaxLength"/>): more could not all reach a replica that is behind.</summary>
    public const int MaxMessages = BusLog.MaxLength;

    /// <summary>
    /// 32 MiB bounds what an outage can cost this process: thousands of key and invalidation messages (under
    /// 1 KiB each) or, at worst, 128 webhooks of the default 256 KiB body limit.
    /// </summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly Queue<byte[]> _messages = new();
    private long _bytes;
    private long _dropped;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>Messages dropped since start because the outbox was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Adds a message at the end; the newest message is always kept, even alone over the byte bound.</summary>
    /// <returns>How many of the oldest messages were dropped to make room.</returns>
    public int Add(byte[] payload)
    {
        lock (_lock)
        {
            _messages.Enqueue(payload);
            _bytes += payload.Length;
            var dropped = 0;
            while (_messages.Count > 1 && (_messages.Count > maxMessages || _bytes > maxBytes))
            {
                _bytes -= _messages.Dequeue().Length;
                dropped++;
            }
            Interlocked.Add(ref _dropped, dropped);
            return dropped;
        }
    }

    /// <summary>The oldest message, which is sent first.</summary>
    public bool TryPeek([MaybeNullWhen(false)] out byte[] payload)
    {
        lock (_lock)
        {
            return _messages.TryPeek(out payload);
        }
    }

    /// <summary>Removes the oldest message once sent, unless it was dropped meanwhile to make room.</summary>
    public void RemoveSent(byte[] payload)
    {
        lock (_lock)
        {
            if (_messages.TryPeek(out var oldest) && ReferenceEquals(oldest, payload))
            {
                _bytes -= _messages.Dequeue().Length;
            }
        }
    }
}
