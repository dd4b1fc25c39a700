using System.Diagnostics;
using Udc.Engine.Columns;
using Udc.Engine.Loading;
using Udc.Engine.Snapshots;

namespace Udc.Engine.Catalog;

/// <summary>
/// Reading one source into a snapshot: from a snapshot file when its data file is unchanged, else by parsing the
/// file, after which a snapshot file is written in the background. Progress is kept for anyone who asks meanwhile.
/// </summary>
internal sealed partial class SourceCatalog
{
    /// <summary>Where snapshots of parsed files are kept; null runs without them.</summary>
    public SnapshotStore? Snapshots { get; init; }

    /// <summary>Called as each load starts, on the loading thread; tests hold a load there to watch a source while it loads.</summary>
    internal Action<SourceDefinition>? BeforeLoad { get; set; }

    private SourceState Load(SourceDefinition definition, SourceState? previous, LoadProgress progress, out bool caughtChanging)
    {
        BeforeLoad?.Invoke(definition);
        caughtChanging = false;
        var started = Stopwatch.GetTimestamp();
        var stamp = default(FileStamp);
        try
        {
            var (table, contentHash, origin) = ReadTable(definition, progress, out stamp);
            var fileModifiedAt = new DateTimeOffset(stamp.LastWriteTimeUtc, TimeSpan.Zero);
            var snapshot = new SourceSnapshot(definition, table, NextVersion(), fileModifiedAt, _time.GetUtcNow(), Stopwatch.GetElapsedTime(started),
                Patching.ContentTag.ForFile(contentHash, definition), origin);
            return new SourceState(definition, WithLoggedChanges(snapshot, started), null, stamp);
        }
        catch (Exception e) when (e is SourceLoadException or FileChangedWhileReadException)
        {
            // A failed reload keeps the previous snapshot serving; the failure is reported beside it. A file caught
            // mid-write is no version of the file at all: its empty stamp makes the next refresh read it again.
            caughtChanging = e is FileChangedWhileReadException;
            var keep = previous?.Definition == definition ? previous.Snapshot : null;
            var readStamp = caughtChanging ? default : stamp == default ? FileStamp.Of(definition.Path) : stamp;
            return new SourceState(definition, keep, new SourceLoadFailure(e.Message, _time.GetUtcNow()), readStamp);
        }
    }

    /// <summary>
    /// The file's table and content hash. A snapshot is used when it was written from this very version of the file
    /// (same inode, size, modification and change time); when the file changed so close to that write that the time
    /// stamps cannot tell, the file is read and its hash compared first, which still saves the parse.
    /// </summary>
    private (Table Table, byte[] ContentHash, LoadOrigin Origin) ReadTable(SourceDefinition definition, LoadProgress progress, out FileStamp stamp)
    {
        var store = Snapshots;
        var realPath = DataFile.RealPathOf(definition.Path);
        byte[]? bytes = null;
        var identity = default(FileIdentity);
        var readStarted = UnixNanoseconds();
        stamp = default;
        if (store is not null)
        {
            identity = DataFile.Identify(_realFolder, definition.Path, out stamp);
            using var reader = store.Find(realPath, definition.Format, identity);
            if (reader?.Metadata.Key is { } key)
            {
                var verified = false;
                if (identity.MayHaveChangedSince(key.ReadStartedNs, store.TimestampGranularity))
                {
                    readStarted = UnixNanoseconds();
                    bytes = DataFile.ReadAllBytes(_realFolder, definition.Path, out stamp, out identity, progress);
                    verified = TableLoader.ContentHash(bytes).AsSpan().SequenceEqual(key.ContentHash);
                }
                if ((bytes is null || verified) && store.Restore(reader, realPath, progress) is { } restored)
                {
                    // Checked against the bytes now, long enough after they last changed: the next start need not read them.
                    if (verified && !identity.MayHaveChangedSince(readStarted, store.TimestampGranularity))
                    {
                        store.SaveLater(key with { Identity = identity, ReadStartedNs = readStarted }, restored);
                    }
                    return (restored, key.ContentHash, LoadOrigin.Snapshot);
                }
            }
        }
        if (bytes is null)
        {
            readStarted = UnixNanoseconds();
            bytes = DataFile.ReadAllBytes(_realFolder, definition.Path, out stamp, out identity, progress);
        }
        var table = TableLoader.Read(bytes, definition.FileName, definition.Format, out var contentHash, new LoadOptions { Progress = progress });
        store?.SaveLater(new SnapshotKey(store.Producer, realPath, identity, definition.Format, contentHash, readStarted), table);
        return (table, contentHash, LoadOrigin.File);
    }

    private static long UnixNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
