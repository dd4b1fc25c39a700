using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Loading;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;

namespace Udc.Tests.Engine.Query;

/// <summary>A deadline that passes mid-scan stops the scan at the next chunk of rows.</summary>
public sealed class DeadlineTests
{
    private const int Rows = 1_000_000;

    /// <summary>A clock that moves 1 ms each time it is read: the deadline passes after a known number of checks.</summary>
    private sealed class TickingTime : TimeProvider
    {
        private long _ticks;

        public int Reads { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            Reads++;
            return _ticks += TimeSpan.TicksPerMillisecond;
        }
    }

    private static SourceSnapshot MillionRows()
    {
        var values = new long[Rows];
        var codes = new int[Rows];
        for (var i = 0; i < Rows; i++)
        {
            values[i] = i;
            codes[i] = i % 3;
        }
        var table = new Table([new Int64Column("value", values, NullMask.None), new DictionaryStringColumn("kind", codes, [[(byte)'a'], [(byte)'b'], [(byte)'c']], NullMask.None)], Rows, isNested: false);
        return new SourceSnapshot(new SourceDefinition("big", "/data/big.json", SourceFormat.Json, null, null, null), table, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
    }

    [Fact]
    public async Task Aggregate_DeadlinePassesMidScan_StopsAtAChunkBoundary()
    {
        var snapshot = MillionRows();
        var time = new TickingTime();
        var (aggregate, _) = AggregateBinder.Bind(snapshot, new AggregateRequest(["kind"], ["sum:value"], null), RequestOrigin.QueryString);
        var spec = QueryBinder.Bind(snapshot, DataRequest.Empty, RequestOrigin.QueryString).Spec!;

        // On its own flow, as a request has: the deadline is the flow's, not the test's.
        var thrown = await Task.Run(() =>
        {
            Deadline.Start(time, TimeSpan.FromMilliseconds(5));
            return Assert.Throws<DeadlineExceededException>(() => Aggregator.Run(snapshot, spec, aggregate!));
        }, TestContext.Current.CancellationToken);

        // Start reads the clock once, then each chunk once: it stopped after a few chunks, not before the first nor at the end.
        Assert.InRange(time.Reads, 3, Rows / Deadline.ChunkRows);
        Assert.Equal(TimeSpan.FromMilliseconds(5), thrown.Budget);
    }

    [Fact]
    public async Task Aggregate_DeadlineNotReached_Completes()
    {
        var snapshot = MillionRows();
        var (aggregate, _) = AggregateBinder.Bind(snapshot, new AggregateRequest(["kind"], ["sum:value"], null), RequestOrigin.QueryString);
        var spec = QueryBinder.Bind(snapshot, DataRequest.Empty, RequestOrigin.QueryString).Spec!;

        var result = await Task.Run(() =>
        {
            Deadline.Start(TimeProvider.System, TimeSpan.FromMinutes(5));
            return Aggregator.Run(snapshot, spec, aggregate!);
        }, TestContext.Current.CancellationToken);

        Assert.Equal(Rows, result.MatchCount);
    }
}
