using System.Diagnostics;
using Udc.Engine.Loading;

namespace Udc.Engine.Catalog;

/// <summary>Reading one source's file into a snapshot, with its progress for anyone who asks meanwhile.</summary>
internal sealed partial class SourceCatalog
{
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
            var bytes = DataFile.ReadAllBytes(_realFolder, definition.Path, out stamp, progress);
            var table = TableLoader.Read(bytes, definition.FileName, definition.Format, out var contentHash, new LoadOptions { Progress = progress });
            var fileModifiedAt = new DateTimeOffset(stamp.LastWriteTimeUtc, TimeSpan.Zero);
            var snapshot = new SourceSnapshot(definition, table, NextVersion(), fileModifiedAt, _time.GetUtcNow(), Stopwatch.GetElapsedTime(started), Patching.ContentTag.ForFile(contentHash, definition));
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
}
