using Microsoft.Data.Sqlite;
using Udc.Audit;
using Udc.Storage;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Audit;

/// <summary>The audit table against a real SQLite file: a large flush is written in chunks, and nothing is lost at their edges.</summary>
public sealed class AuditStoreTests : IDisposable
{
    private readonly TempDataDirectory _directory = new("udc-audit-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void Append_MoreThanTwoChunks_EveryEventStoredOnceInOrder()
    {
        var store = new AuditStore(new SqliteDatabase(_directory.PathOf("udc.db")));
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var count = 2 * AuditStore.MaxChunk + 1;
        var events = Enumerable.Range(0, count)
            .Select(i => new AuditEvent(0, start.AddMilliseconds(i), $"key:{i}", "rest", "GET /data/orders", "orders", null, i, 1, "ok", 200, false, 0.5))
            .ToList();

        store.Append(events);

        var stored = store.Find(new AuditQuery(null, null, null, null, null, null, null, count + 10));
        Assert.Equal(count, stored.Count);
        // Newest first: the last event appended comes back first, and each caller once.
        Assert.Equal(Enumerable.Range(0, count).Reverse().Select(i => $"key:{i}"), stored.Select(e => e.Caller));
        Assert.Equal(Enumerable.Range(0, count).Reverse().Select(i => (long)i), stored.Select(e => e.Rows));
    }
}
