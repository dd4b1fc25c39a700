using System.Buffers.Binary;
using Udc.Engine.Catalog;
using Udc.Engine.Columns;
using Udc.Engine.Generation;
using Udc.Engine.Loading;
using Udc.Engine.Snapshots;
using Udc.Tests.Engine.Loading;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Engine.Snapshots;

/// <summary>
/// A restart with unchanged files reads their snapshots instead of parsing them, and gets the same tables; a snapshot
/// that is damaged, truncated, stale, of another format or of another UDC is ignored, never served, and replaced.
/// </summary>
public sealed class SnapshotStoreTests : IDisposable
{
    private readonly TempDataDirectory _data = new("udc-snapshot-data-");
    private readonly TempDataDirectory _state = new("udc-snapshot-state-");

    public void Dispose()
    {
        _data.Dispose();
        _state.Dispose();
    }

    /// <summary>
    /// Without the two seconds of time-stamp granularity, a file written a moment ago is trusted on its stamp:
    /// these tests restart at once, and measure the stamp path; the racy path has tests of its own.
    /// </summary>
    private SnapshotStore Store(long maxBytes = 1L << 30, TimeSpan? granularity = null, string producer = "test") =>
        new(_state.Path, maxBytes, producer) { TimestampGranularity = granularity ?? TimeSpan.Zero };

    private SourceCatalog Start(SnapshotStore store)
    {
        var catalog = new SourceCatalog(new CatalogOptions(_data.Path), TimeProvider.System) { Snapshots = store };
        catalog.LoadAll();
        store.Idle.Wait(TestContext.Current.CancellationToken);
        return catalog;
    }

    /// <summary>Flips one bit of the byte <paramref name="at"/> picks from the file's length and its metadata's offset.</summary>
    private static void FlipByte(string path, Func<long, long, long> at)
    {
        var bytes = File.ReadAllBytes(path);
        var metadataOffset = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(bytes.Length - 32));
        bytes[at(bytes.Length, metadataOffset)] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Starts again: the source is parsed, its snapshot rejected once, and the problem says <paramref name="problem"/>.</summary>
    private void AssertRejectedAndReparsed(string source, int rows, string problem)
    {
        var store = Store();
        var catalog = Start(store);

        Assert.Equal(LoadOrigin.File, Snapshot(catalog, source).Origin);
        Assert.Equal(rows, Snapshot(catalog, source).RowCount);
        Assert.Equal(1, store.Rejected);
        Assert.Contains(problem, store.LastProblem, StringComparison.Ordinal);
    }

    private static SourceSnapshot Snapshot(SourceCatalog catalog, string name) =>
        catalog.TryGet(name, out var state) && state.Snapshot is { } snapshot ? snapshot : throw new Xunit.Sdk.XunitException($"{name} is {state?.Status}: {state?.LastFailure?.Message}");

    [Fact]
    public void Restart_UnchangedFiles_TablesFromSnapshotsIdenticalToParsed()
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions { Customers = 300, Tickets = 500 });
        _data.WriteBytes("messy.ndjson", MessyRecords.JsonLines(800, seed: 5));
        _data.WriteBytes("messy.csv", MessyRecords.Csv(800, seed: 5));
        var first = Start(Store());

        var store = Store();
        var second = Start(store);

        Assert.Equal(5, store.Restored);
        foreach (var name in first.Names)
        {
            var parsed = Snapshot(first, name);
            var restored = Snapshot(second, name);
            Assert.Equal(LoadOrigin.File, parsed.Origin);
            Assert.Equal(LoadOrigin.Snapshot, restored.Origin);
            Assert.Equal(parsed.ContentTag, restored.ContentTag);
            Assert.Equal(parsed.IdColumn?.Name, restored.IdColumn?.Name);
            TableComparison.AssertIdentical(parsed.Table, restored.Table);
        }
        Assert.Equal((5, store.Usage().Bytes), store.Usage());
        Assert.Empty(Directory.GetFiles(_state.Path, "*.tmp"));
    }

    [Fact]
    public async Task Close_LoadEndingAfterShutdown_WritesNoSnapshot()
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions { Customers = 300, Tickets = 50 });
        var store = Store();
        await store.Close();

        Start(store);

        Assert.Equal(0, store.Written);
        Assert.False(Directory.Exists(_state.Path) && Directory.EnumerateFileSystemEntries(_state.Path).Any(), "nothing is written once the store is closed");
    }

    [Theory]
    [InlineData("header")]
    [InlineData("block")]
    [InlineData("metadata")]
    [InlineData("trailer")]
    public void Snapshot_FlippedByte_IgnoredReparsedAndRewritten(string where)
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions { Customers = 300, Tickets = 50 });
        Start(Store());
        var path = Store().PathFor(DataFile.RealPathOf(_data.PathOf(DemoDataGenerator.CustomersFileName)));
        FlipByte(path, (length, metadataOffset) => where switch
        {
            "header" => 3,
            "block" => metadataOffset / 2,
            "metadata" => metadataOffset + 40,
            _ => length - 20,
        });

        AssertRejectedAndReparsed("crm", 300, "customers.json");
        var again = Store();
        Assert.Equal(LoadOrigin.Snapshot, Snapshot(Start(again), "crm").Origin);
        Assert.Equal(0, again.Rejected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(0.5)]
    public void Snapshot_Truncated_IgnoredAndReparsed(double cut)
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions { Customers = 300, Tickets = 50 });
        Start(Store());
        var path = Store().PathFor(DataFile.RealPathOf(_data.PathOf(DemoDataGenerator.CustomersFileName)));
        var length = new FileInfo(path).Length;
        using (var file = File.OpenWrite(path))
        {
            file.SetLength(cut < 1 ? (long)(length * cut) : length - (long)cut);
        }

        var store = Store();
        var catalog = Start(store);

        Assert.Equal(LoadOrigin.File, Snapshot(catalog, "crm").Origin);
        Assert.Contains("truncated", store.LastProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_RewrittenSameSizeWithOldModificationTime_NotServedFromSnapshot()
    {
        // Same size, same modification time (set back, as a copy with -p or a coarse file system would leave it):
        // only the change time, or the content, can tell.
        _data.Write("prices.csv", "sku,price\na,10\nb,20\n");
        var written = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(_data.PathOf("prices.csv"), written);
        Start(Store(granularity: TimeSpan.FromSeconds(2)));
        _data.Write("prices.csv", "sku,price\na,11\nb,21\n");
        File.SetLastWriteTimeUtc(_data.PathOf("prices.csv"), written);

        var catalog = Start(Store(granularity: TimeSpan.FromSeconds(2)));

        var prices = Snapshot(catalog, "prices");
        Assert.Equal(LoadOrigin.File, prices.Origin);
        Assert.Equal(["11", "21"], Enumerable.Range(0, 2).Select(prices.Table.Find("price")!.FormatText));
    }

    [Fact]
    public void Source_UnchangedButWrittenJustBeforeItsSnapshot_CheckedByContentThenServed()
    {
        _data.Write("prices.csv", "sku,price\na,10\nb,20\n");
        Start(Store(granularity: TimeSpan.FromSeconds(2)));

        var store = Store(granularity: TimeSpan.FromSeconds(2));
        var catalog = Start(store);

        Assert.Equal(LoadOrigin.Snapshot, Snapshot(catalog, "prices").Origin);
        Assert.Equal(1, store.Restored);
    }

    [Fact]
    public void Snapshot_NewerFormatVersion_IgnoredThenReplaced()
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions());
        Start(Store());
        var path = Store().PathFor(DataFile.RealPathOf(_data.PathOf(DemoDataGenerator.TicketsFileName)));
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), SnapshotFormat.Version + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 20), SnapshotFormat.Version + 1);
        File.WriteAllBytes(path, bytes);

        var store = Store();
        var catalog = Start(store);

        Assert.Equal(LoadOrigin.File, Snapshot(catalog, "support").Origin);
        Assert.Contains($"format version {SnapshotFormat.Version + 1}", store.LastProblem, StringComparison.Ordinal);
        Assert.Equal(SnapshotFormat.Version, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(path).AsSpan(8)));
    }

    [Fact]
    public void Snapshot_OfAnotherUdcVersion_Ignored()
    {
        DemoDataGenerator.Write(_data.Path, new DemoDataOptions());
        Start(Store(producer: "0.0.9"));

        var store = Store(producer: "0.1.0");
        var catalog = Start(store);

        Assert.Equal(LoadOrigin.File, Snapshot(catalog, "crm").Origin);
        Assert.Contains("written by UDC 0.0.9", store.LastProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_FileReplacedByLinkOutOfFolder_RefusedNotServedFromSnapshot()
    {
        _data.Write("prices.csv", "sku,price\na,10\n");
        using var outside = new TempDataDirectory("udc-snapshot-outside-");
        Start(Store());
        File.Copy(_data.PathOf("prices.csv"), outside.PathOf("prices.csv"));
        File.Delete(_data.PathOf("prices.csv"));
        File.CreateSymbolicLink(_data.PathOf("prices.csv"), outside.PathOf("prices.csv"));

        var catalog = Start(Store());

        Assert.False(catalog.TryGet("prices", out _));
        Assert.Contains(catalog.RefusedFiles, f => f.FileName == "prices.csv");
    }

    [Fact]
    public void Directory_OverItsBound_LeastRecentlyUsedSnapshotGoes()
    {
        _data.WriteBytes("a.ndjson", MessyRecords.JsonLines(400, seed: 1));
        Start(Store());
        var size = Store().Usage().Bytes;
        File.SetLastWriteTimeUtc(Store().PathFor(DataFile.RealPathOf(_data.PathOf("a.ndjson"))), DateTime.UtcNow.AddHours(-1));
        // Only b loads now: were a restored at the same moment, b's write could evict it mid-read and a parsed again
        // would be written after b, making b the older one.
        File.Delete(_data.PathOf("a.ndjson"));
        _data.WriteBytes("b.ndjson", MessyRecords.JsonLines(400, seed: 2));

        var store = Store(maxBytes: size * 3 / 2);
        Start(store);

        var (files, bytes) = store.Usage();
        Assert.Equal(1, files);
        Assert.True(bytes <= store.MaxBytes);
        Assert.True(File.Exists(store.PathFor(DataFile.RealPathOf(_data.PathOf("b.ndjson")))));
    }

    [Fact]
    public void Snapshot_LargerThanTheBound_NotWrittenAndSaid()
    {
        _data.WriteBytes("a.ndjson", MessyRecords.JsonLines(400, seed: 1));

        var store = Store(maxBytes: 1024);
        var catalog = Start(store);

        Assert.Equal(LoadOrigin.File, Snapshot(catalog, "a").Origin);
        Assert.Equal((0, 0L), store.Usage());
        Assert.Contains("UDC_SNAPSHOT_MAX_MB", store.LastProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoveLeftovers_CrashedWrites_RemovedWhileHeldOrFreshOnesKept()
    {
        string Temporary(string name) => Path.Combine(_state.Path, $"0123456789abcdef.udcsnap.{name}.tmp");
        var crashed = Temporary("crashed");
        var held = Temporary("held");
        var fresh = Temporary("fresh");
        foreach (var path in new[] { crashed, held, fresh })
        {
            File.WriteAllText(path, "half");
        }
        File.SetLastWriteTimeUtc(crashed, DateTime.UtcNow.AddMinutes(-2));
        File.SetLastWriteTimeUtc(held, DateTime.UtcNow.AddMinutes(-2));
        // A writer alive in another replica: its handle holds the file's lock, as SnapshotWriter's does.
        using var writer = File.OpenHandle(held, FileMode.Open, FileAccess.Write, FileShare.None);

        Store().RemoveLeftovers();

        Assert.False(File.Exists(crashed));
        Assert.True(File.Exists(held));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task RemoveLeftovers_WriterKilledMidWrite_ItsFileRemovedAtTheNextStart()
    {
        // A real process holds the lock the way a writer does, then dies by SIGKILL: the kernel releases the lock.
        var leftover = Path.Combine(_state.Path, "fedcba9876543210.udcsnap.killed.tmp");
        File.WriteAllText(leftover, "half");
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["--exclusive", "--close", leftover, "sleep", "30"]) { UseShellExecute = false })!;
        await WaitUntilHeld(leftover);
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddMinutes(-2));
        Store().RemoveLeftovers();
        Assert.True(File.Exists(leftover), "kept while its writer lives");

        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync(TestContext.Current.CancellationToken);
        Store().RemoveLeftovers();

        Assert.False(File.Exists(leftover));
    }

    private static async Task WaitUntilHeld(string path)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var probe = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                return;
            }
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"nothing took the lock of {path} within 2 s");
    }

    [Fact]
    public void Restore_TableWithEveryColumnKind_SameValuesAndMemory()
    {
        _data.Write("kinds.json", """
            [{"i": 1, "d": 1.5, "b": true, "t": "2024-03-01", "s": "x", "p": "alpha", "n": null},
             {"i": 2, "d": null, "b": false, "t": "2024-03-02", "s": "x", "p": "beta", "n": null},
             {"i": null, "d": 2.5, "b": null, "t": null, "s": null, "p": "gamma", "n": null}]
            """);
        var parsed = Snapshot(Start(Store()), "kinds").Table;

        var restored = Snapshot(Start(Store()), "kinds").Table;

        TableComparison.AssertIdentical(parsed, restored);
        Assert.IsType<DictionaryStringColumn>(restored.Find("s"));
        Assert.IsType<PlainStringColumn>(restored.Find("p"));
        Assert.Equal(parsed.MemoryBytes, restored.MemoryBytes);
    }

    /// <summary>700,000 rows: each 8-byte column and the text column's characters are over 4 MB, read in pieces on every core.</summary>
    private void WriteLargeColumns()
    {
        var csv = new System.Text.StringBuilder("id,code,amount\n");
        for (var i = 0; i < 700_000; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i * 7919L},c{i}-{i % 13},{i * 0.25}\n");
        }
        _data.Write("large.csv", csv.ToString());
    }

    [Fact]
    public void Restore_ColumnsLargerThanOneReadPiece_SameValues()
    {
        WriteLargeColumns();
        var parsed = Snapshot(Start(Store()), "large").Table;

        var store = Store();
        var restored = Snapshot(Start(store), "large");

        Assert.Equal(LoadOrigin.Snapshot, restored.Origin);
        Assert.IsType<PlainStringColumn>(restored.Table.Find("code"));
        TableComparison.AssertIdentical(parsed, restored.Table);
    }

    [Fact]
    public void Restore_ByteFlippedInALaterPieceOfALargeColumn_IgnoredAndReparsed()
    {
        WriteLargeColumns();
        Start(Store());
        var path = Store().PathFor(DataFile.RealPathOf(_data.PathOf("large.csv")));
        // The last column's block ends where the metadata starts: its last piece is the one read last.
        FlipByte(path, (_, metadataOffset) => metadataOffset - 100);

        AssertRejectedAndReparsed("large", 700_000, "checksum mismatch");
    }
}
