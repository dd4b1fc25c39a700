using System.Globalization;

namespace Udc.Redis;

/// <summary>
/// A Redis Stream entry id, <c>{milliseconds}-{sequence}</c>: the position of a message in the replay log.
/// Ids only grow within one log, so comparing them says which of two messages came first.
/// </summary>
internal readonly record struct BusLogId(ulong Milliseconds, ulong Sequence) : IComparable<BusLogId>
{
    /// <summary>Before every entry: where a replica stands when the log is empty.</summary>
    public static readonly BusLogId Zero = new(0, 0);

    /// <summary>The smallest id after this one: XRANGE from here is exclusive of this id on any Redis with streams (5.0).</summary>
    public BusLogId Next => Sequence == ulong.MaxValue ? new(Milliseconds + 1, 0) : new(Milliseconds, Sequence + 1);

    public static bool TryParse(string? text, out BusLogId id)
    {
        id = default;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash < 0
            || !ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }
        id = new BusLogId(milliseconds, sequence);
        return true;
    }

    public int CompareTo(BusLogId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(BusLogId left, BusLogId right) => left.CompareTo(right) < 0;

    public static bool operator >(BusLogId left, BusLogId right) => left.CompareTo(right) > 0;

    public static bool operator <=(BusLogId left, BusLogId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BusLogId left, BusLogId right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
