using System.Text;
using Udc.Engine.Catalog;
using Udc.Engine.Loading;

namespace Udc.Tests.Engine.Query;

/// <summary>Records that leave a key out: to a query, a missing key is a null, like an explicit null.</summary>
public sealed class QueryExecutorMissingKeyTests
{
    // Row 1 has neither key. No record writes score as null, so it is null only by being left out; team is
    // also written as an explicit null in row 3.
    private static readonly SourceSnapshot s_snapshot = Snapshot("""
        [
          {"id": 1, "score": 5, "team": "red"},
          {"id": 2},
          {"id": 3, "score": 0, "team": ""},
          {"id": 4, "score": 7, "team": null}
        ]
        """);

    [Fact]
    public void Execute_IsNullOnMissingKey_MatchesMissingAndNullRows()
    {
        Assert.Equal([1], QueryRunner.Run(s_snapshot, "score__isnull=true&sort=id").Rows);
        Assert.Equal([1, 3], QueryRunner.Run(s_snapshot, "team__isnull=true&sort=id").Rows);
    }

    [Fact]
    public void Execute_EqualsZeroOrEmpty_MissingKeyDoesNotMatch()
    {
        Assert.Equal([2], QueryRunner.Run(s_snapshot, "score=0").Rows);
        Assert.Equal([0, 2, 3], QueryRunner.Run(s_snapshot, "score__lt=10&sort=id").Rows);
    }

    [Fact]
    public void Execute_SortByColumnWithMissingKeys_MissingLast()
    {
        Assert.Equal([3, 0, 2, 1], QueryRunner.Run(s_snapshot, "sort=-score").Rows);
    }

    private static SourceSnapshot Snapshot(string json)
    {
        var definition = new SourceDefinition("players", "/data/players.json", SourceFormat.Json, null, null, null);
        var table = JsonTableReader.Read(Encoding.UTF8.GetBytes(json), "players.json");
        return new SourceSnapshot(definition, table, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
    }
}
