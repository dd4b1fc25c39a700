using System.Text;
using Udc.Ingestion.Running;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Ingestion;

public sealed class PendingRecordsTests
{
    private static IEnumerable<(string Id, byte[] Record)> Records(int from, int count) =>
        Enumerable.Range(from, count).Select(i => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes($"{{\"id\": {i}}}")));

    [Fact]
    public void IsDue_SmallSource_AfterOnePage()
    {
        var pending = new PendingRecords(new ManualTimeProvider());
        pending.Add(Records(1, PendingRecords.MinBatch - 1));
        Assert.False(pending.IsDue(rows: 0));

        pending.Add(Records(PendingRecords.MinBatch, 1));

        Assert.True(pending.IsDue(rows: 0));
    }

    [Fact]
    public void IsDue_LargeSource_OnceTheRecordsMatchItsSize()
    {
        var pending = new PendingRecords(new ManualTimeProvider());
        pending.Add(Records(1, 9_999));
        Assert.False(pending.IsDue(rows: 10_000));

        pending.Add(Records(10_000, 1));

        Assert.True(pending.IsDue(rows: 10_000));
    }

    [Fact]
    public void IsDue_AfterMaxWait_WhateverTheCount()
    {
        var time = new ManualTimeProvider();
        var pending = new PendingRecords(time);
        pending.Add(Records(1, 5));
        Assert.False(pending.IsDue(rows: 10_000));

        time.Advance(PendingRecords.MaxWait);

        Assert.True(pending.IsDue(rows: 10_000));
        Assert.False(new PendingRecords(time).IsDue(rows: 0));
    }

    [Fact]
    public void Take_SameIdTwice_KeepsTheLaterRecordInTheFirstPlace()
    {
        var pending = new PendingRecords(new ManualTimeProvider());
        pending.Add([("a", "{\"id\": \"a\", \"v\": 1}"u8.ToArray()), ("b", "{\"id\": \"b\"}"u8.ToArray())]);
        pending.Add([("a", "{\"id\": \"a\", \"v\": 2}"u8.ToArray())]);

        var taken = pending.Take();

        Assert.Equal(["{\"id\": \"a\", \"v\": 2}", "{\"id\": \"b\"}"], taken.Select(c => Encoding.UTF8.GetString(c.RecordJson.Span)));
        Assert.Equal(0, pending.Count);
    }
}
