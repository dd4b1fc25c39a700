using Udc.Redis;

namespace Udc.Tests.Redis;

/// <summary>The outbox keeps held messages in order and, past its bounds, drops the oldest.</summary>
public sealed class BusOutboxTests
{
    private static byte[] Message(int number, int size = 8)
    {
        var payload = new byte[size];
        BitConverter.TryWriteBytes(payload, number);
        return payload;
    }

    private static List<int> Drain(BusOutbox outbox)
    {
        var numbers = new List<int>();
        while (outbox.TryPeek(out var payload))
        {
            numbers.Add(BitConverter.ToInt32(payload));
            outbox.RemoveSent(payload);
        }
        return numbers;
    }

    [Fact]
    public void Add_PastTheDefaultBound_DropsTheOldest()
    {
        var outbox = new BusOutbox();
        for (var i = 0; i < BusOutbox.MaxMessages; i++)
        {
            Assert.Equal(0, outbox.Add(Message(i)));
        }
        Assert.Equal(1, outbox.Add(Message(BusOutbox.MaxMessages)));
        Assert.Equal(BusOutbox.MaxMessages, outbox.Count);
        Assert.Equal(1, outbox.Dropped);
        Assert.True(outbox.TryPeek(out var oldest));
        Assert.Equal(1, BitConverter.ToInt32(oldest));
    }

    [Fact]
    public void Add_PastTheMessageBound_KeepsTheNewestInOrder()
    {
        var outbox = new BusOutbox(maxMessages: 3, maxBytes: 1024);
        for (var i = 1; i <= 5; i++)
        {
            outbox.Add(Message(i));
        }
        Assert.Equal(2, outbox.Dropped);
        Assert.Equal([3, 4, 5], Drain(outbox));
    }

    [Fact]
    public void Add_PastTheByteBound_DropsTheOldest_AlwaysKeepsTheNewest()
    {
        var outbox = new BusOutbox(maxMessages: 100, maxBytes: 20);
        outbox.Add(Message(1));
        outbox.Add(Message(2));
        Assert.Equal(1, outbox.Add(Message(3)));
        Assert.Equal(2, outbox.Add(Message(4, size: 64)));
        Assert.Equal([4], Drain(outbox));
    }

    [Fact]
    public void RemoveSent_OfAMessageDroppedMeanwhile_KeepsTheNewOldest()
    {
        var outbox = new BusOutbox(maxMessages: 2, maxBytes: 1024);
        outbox.Add(Message(1));
        outbox.Add(Message(2));
        Assert.True(outbox.TryPeek(out var sending));
        outbox.Add(Message(3));
        outbox.RemoveSent(sending);
        Assert.Equal([2, 3], Drain(outbox));
    }
}
