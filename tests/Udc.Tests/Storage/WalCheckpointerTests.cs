using Microsoft.Data.Sqlite;
using Udc.Storage;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Storage;

/// <summary>
/// A gated commit leaves its pages in the WAL and returns; the checkpointer copies them into the database file a
/// moment later, off the write gate. Connections outside the gate keep SQLite's automatic checkpoint.
/// </summary>
public sealed class WalCheckpointerTests : IDisposable
{
    private readonly TempDataDirectory _directory = new("udc-checkpoint-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task GatedCommit_PastTheAutomaticThreshold_CopiedIntoTheFileAfterwardsNotInTheCommit()
    {
        var path = _directory.PathOf("udc.db");
        var database = new SqliteDatabase(path);
        using (var write = database.BeginWrite(Durability.Full))
        {
            using var create = write.Command("CREATE TABLE filler (body BLOB);");
            create.ExecuteNonQuery();
            write.Commit();
        }
        // The checkpoint that write (and the schema's) asked for comes 250 ms later: let it pass, or on a busy machine
        // it could fall just after the next commit and be taken for that commit copying its own pages.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var before = new FileInfo(path).Length;

        // 8 MB: twice SQLite's automatic threshold of 1,000 pages of 4 KB, in one commit.
        using (var write = database.BeginWrite(Durability.Full))
        {
            using var insert = write.Command("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT randomblob(4000) FROM n;");
            insert.ExecuteNonQuery();
            write.Commit();
        }
        var afterCommit = new FileInfo(path).Length;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(path).Length < 8_000_000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(afterCommit < before + 1_000_000, $"the commit copied its pages itself: {before} -> {afterCommit} bytes");
        Assert.True(new FileInfo(path).Length >= 8_000_000, $"not checkpointed within 10 s: {new FileInfo(path).Length} bytes");
        using var connection = database.Open(Durability.Normal);
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM filler;";
        Assert.Equal(2000L, count.ExecuteScalar());
    }

    [Fact]
    public void PooledConnection_AfterAGatedWrite_AutomaticCheckpointBackOn()
    {
        var database = new SqliteDatabase(_directory.PathOf("udc.db"));
        using (var write = database.BeginWrite(Durability.Normal))
        {
            Assert.Equal(0L, Scalar(write.Connection, "PRAGMA wal_autocheckpoint;"));
            write.Commit();
        }

        using var connection = database.Open(Durability.Normal);

        Assert.Equal(1000L, Scalar(connection, "PRAGMA wal_autocheckpoint;"));
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
