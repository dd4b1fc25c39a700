using System.Threading.Channels;

namespace Udc.Redis;

/// <summary>
/// Takes messages in log order, whether they arrive live or are read back from the replay log, and hands each
/// one to be applied exactly once. The position is the id of the last log entry this replica has taken in with
/// nothing missing before it; a live message is taken only when it follows that entry (its previous id is the
/// position), otherwise a message was missed and the log is read from the position first. Nonces of recent
/// messages catch copies of one message in two entries (a send retried after its answer was lost).
/// </summary>
internal sealed class BusIntake(string replicaId, ChannelWriter<BusDelivery> deliveries)
{
    /// <summary>Twice the log's length: any copy the log can still hand out is recognised; about 2 MB.</summary>
    public const int RememberedNonces = 2 * BusLog.MaxLength;

    private readonly Lock _lock = new();
    private readonly RecentSet _nonces = new(RememberedNonces);
    private BusLogId? _position;

    /// <summary>Null until the first connection has read where the log ends.</summary>
    public BusLogId? Position
    {
        get
        {
            lock (_lock)
            {
                return _position;
            }
        }
    }

    /// <summary>The first connection starts at the log's end: history from before this replica started is not replayed.</summary>
    public void StartAt(BusLogId end)
    {
        lock (_lock)
        {
            _position ??= end;
        }
    }

    /// <summary>
    /// The log ends before the position: it was recreated (Redis restarted without its data), so it is read
    /// from its start; nonces keep what was already applied from being applied again.
    /// </summary>
    public void Rewind()
    {
        lock (_lock)
        {
            _position = BusLogId.Zero;
        }
    }

    public BusIntakeResult OfferLive(BusMessage message, BusLogId id, BusLogId previous)
    {
        lock (_lock)
        {
            if (_position != previous)
            {
                // Dropped: the log holds this message too, and it is read from there after the ones missed.
                return BusIntakeResult.Gap;
            }
            _position = id;
            if (message.Nonce is { } nonce && _nonces.Contains(nonce))
            {
                return BusIntakeResult.Duplicate;
            }
            return Take(message, live: true);
        }
    }

    /// <param name="message">Null when the entry could not be read: it is passed over.</param>
    /// <param name="lost">True when entries between the position and this one are gone (trimmed, or the log recreated).</param>
    public BusIntakeResult OfferReplayed(BusMessage? message, BusLogId id, BusLogId previous, out bool lost)
    {
        lock (_lock)
        {
            lost = false;
            if (_position is not { } position || id <= position)
            {
                // Taken live while the log was being read.
                return BusIntakeResult.Behind;
            }
            lost = previous != position;
            _position = id;
            if (message is null)
            {
                return BusIntakeResult.Unreadable;
            }
            if (message.Nonce is { } nonce && _nonces.Contains(nonce))
            {
                return BusIntakeResult.Duplicate;
            }
            return Take(message, live: false);
        }
    }

    /// <summary>Called under the lock, so deliveries are queued in log order.</summary>
    private BusIntakeResult Take(BusMessage message, bool live)
    {
        if (message.Origin == replicaId)
        {
            return BusIntakeResult.Own;
        }
        if (message.Nonce is { } nonce)
        {
            _nonces.Add(nonce);
        }
        deliveries.TryWrite(new BusDelivery(message, live));
        return BusIntakeResult.Taken;
    }
}

/// <summary>What became of a message offered to the <see cref="BusIntake"/>.</summary>
internal enum BusIntakeResult
{
    /// <summary>Queued to be applied.</summary>
    Taken,

    /// <summary>This replica's own message: it moves the position, nothing to apply.</summary>
    Own,

    /// <summary>A copy of a message already taken.</summary>
    Duplicate,

    /// <summary>A live message that does not follow the position: the log must be read first.</summary>
    Gap,

    /// <summary>A log entry at or before the position.</summary>
    Behind,

    /// <summary>A log entry that is not a message this version understands.</summary>
    Unreadable,
}

/// <summary>A message from another replica to apply, received live or read back from the log.</summary>
internal readonly record struct BusDelivery(BusMessage Message, bool Live);
