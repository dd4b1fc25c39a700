using System.Threading.Channels;
using Udc.Redis;

namespace Udc.Tests.Redis;

/// <summary>The intake's order: live messages that follow the position, gaps, copies and the log read back.</summary>
public sealed class BusIntakeTests
{
    private const string Self = "self";

    private readonly Channel<BusDelivery> _deliveries = Channel.CreateUnbounded<BusDelivery>();

    private static BusLogId Id(ulong milliseconds) => new(milliseconds, 0);

    private static BusMessage Message(string nonce, string origin = "other") => new() { Kind = "invalidate", Origin = origin, Nonce = nonce };

    private List<string> Delivered()
    {
        var nonces = new List<string>();
        while (_deliveries.Reader.TryRead(out var delivery))
        {
            nonces.Add(delivery.Message.Nonce!);
        }
        return nonces;
    }

    [Fact]
    public void Live_FollowingThePosition_TakenInOrder()
    {
        var intake = new BusIntake(Self, _deliveries.Writer);
        intake.StartAt(Id(10));
        Assert.Equal(BusIntakeResult.Taken, intake.OfferLive(Message("a"), Id(11), Id(10)));
        Assert.Equal(BusIntakeResult.Own, intake.OfferLive(Message("b", Self), Id(12), Id(11)));
        Assert.Equal(BusIntakeResult.Taken, intake.OfferLive(Message("c"), Id(13), Id(12)));
        Assert.Equal(Id(13), intake.Position);
        Assert.Equal(["a", "c"], Delivered());
    }

    [Fact]
    public void Live_AfterAMissedMessage_WaitsForTheLog_ThenAllInLogOrder()
    {
        var intake = new BusIntake(Self, _deliveries.Writer);
        intake.StartAt(Id(10));
        // The key was created in entry 11, which this replica missed; its revocation must not come first.
        Assert.Equal(BusIntakeResult.Gap, intake.OfferLive(Message("revoked"), Id(12), Id(11)));
        Assert.Equal(Id(10), intake.Position);
        Assert.Equal(BusIntakeResult.Taken, intake.OfferReplayed(Message("created"), Id(11), Id(10), out var lost));
        Assert.False(lost);
        Assert.Equal(BusIntakeResult.Taken, intake.OfferReplayed(Message("revoked"), Id(12), Id(11), out _));
        Assert.Equal(["created", "revoked"], Delivered());
    }

    [Fact]
    public void Copies_OfOneMessage_TakenOnce()
    {
        var intake = new BusIntake(Self, _deliveries.Writer);
        intake.StartAt(Id(10));
        Assert.Equal(BusIntakeResult.Taken, intake.OfferLive(Message("a"), Id(11), Id(10)));
        Assert.Equal(BusIntakeResult.Duplicate, intake.OfferLive(Message("a"), Id(12), Id(11)));
        Assert.Equal(BusIntakeResult.Behind, intake.OfferReplayed(Message("a"), Id(12), Id(11), out _));
        Assert.Equal(BusIntakeResult.Duplicate, intake.OfferReplayed(Message("a"), Id(13), Id(12), out _));
        Assert.Equal(Id(13), intake.Position);
        Assert.Equal(["a"], Delivered());
    }

    [Fact]
    public void Replayed_AfterEntriesWereTrimmed_ReportsTheLoss()
    {
        var intake = new BusIntake(Self, _deliveries.Writer);
        intake.StartAt(Id(10));
        Assert.Equal(BusIntakeResult.Taken, intake.OfferReplayed(Message("a"), Id(20), Id(19), out var lost));
        Assert.True(lost);
    }

    [Fact]
    public void Rewind_AfterTheLogWasRecreated_ReadsItFromItsStart_SkippingWhatWasTaken()
    {
        var intake = new BusIntake(Self, _deliveries.Writer);
        intake.StartAt(Id(10));
        Assert.Equal(BusIntakeResult.Taken, intake.OfferLive(Message("a"), Id(11), Id(10)));
        intake.Rewind();
        Assert.Equal(BusIntakeResult.Duplicate, intake.OfferReplayed(Message("a"), Id(5), BusLogId.Zero, out _));
        Assert.Equal(BusIntakeResult.Taken, intake.OfferLive(Message("b"), Id(6), Id(5)));
        Assert.Equal(["a", "b"], Delivered());
    }

    [Fact]
    public void BusLogId_ParsesAndOrdersRedisStreamIds()
    {
        Assert.True(BusLogId.TryParse("1700000000000-2", out var id));
        Assert.Equal(new BusLogId(1_700_000_000_000, 2), id);
        Assert.Equal("1700000000000-3", id.Next.ToString());
        Assert.True(new BusLogId(9, 5) < new BusLogId(10, 0));
        Assert.False(BusLogId.TryParse("12", out _));
        Assert.False(BusLogId.TryParse(null, out _));
    }
}
