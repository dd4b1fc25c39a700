using System.Diagnostics;
using Udc.Engine.Patching;

namespace Udc.Engine.Catalog;

/// <summary>Record changes (webhooks) applied to a source without re-reading its file.</summary>
internal sealed partial class SourceCatalog
{
    /// <summary>Consulted on every load: changes received after the file was written are applied on top.</summary>
    public IRecordChangeLog? ChangeLog { get; set; }

    /// <summary>
    /// Applies changes to the source's current snapshot and publishes the result like a reload: a new
    /// snapshot, a new version, <see cref="SourceChanged"/> raised. Requests in flight finish on the old one.
    /// </summary>
    /// <exception cref="SourcePatchException">The source has no id column, or a record has no id.</exception>
    public PatchOutcome Patch(string name, IReadOnlyList<RecordChange> changes)
    {
        lock (_writeLock)
        {
            if (!_sources.TryGetValue(name, out var state))
            {
                return PatchOutcome.UnknownSource;
            }
            if (state.Snapshot is not { } snapshot)
            {
                return PatchOutcome.NotReady;
            }
            var started = Stopwatch.GetTimestamp();
            var patched = ApplyChanges(snapshot, changes, started);
            Publish(state with { Snapshot = patched.Snapshot });
            return new PatchOutcome(PatchStatus.Applied, patched.Upserted, patched.Deleted, patched.Snapshot.Version);
        }
    }

    private (SourceSnapshot Snapshot, int Upserted, int Deleted) ApplyChanges(SourceSnapshot snapshot, IReadOnlyList<RecordChange> changes, long started)
    {
        if (snapshot.Pushdown is not null)
        {
            // Its rows are the database's: a change belongs there, and UDC sees it at the next refresh (or NOTIFY).
            throw new SourcePatchException($"source '{snapshot.Name}' lives in a database; write the change to the database instead");
        }
        var idColumn = snapshot.IdColumn ?? throw new SourcePatchException($"source '{snapshot.Name}' has no id column, so records cannot be matched");
        var patched = TablePatcher.Apply(snapshot.Table, idColumn, changes, snapshot.Definition.FileName);
        var next = new SourceSnapshot(snapshot.Definition, patched.Table, NextVersion(), snapshot.FileModifiedAt, _time.GetUtcNow(),
            Stopwatch.GetElapsedTime(started), ContentTag.ForChanges(snapshot.ContentTag, changes), snapshot.Origin);
        return (next, patched.Upserted, patched.Deleted);
    }

    /// <summary>
    /// A snapshot just read from its file, with the logged changes the file does not hold yet. Changes that
    /// cannot apply (the id column was renamed in the new file) leave the file's data as it is.
    /// </summary>
    private SourceSnapshot WithLoggedChanges(SourceSnapshot snapshot, long started)
    {
        if (ChangeLog?.ChangesSince(snapshot.Name, snapshot.FileModifiedAt) is not { Count: > 0 } changes)
        {
            return snapshot;
        }
        try
        {
            return ApplyChanges(snapshot, changes, started).Snapshot;
        }
        catch (SourcePatchException)
        {
            return snapshot;
        }
    }
}

/// <summary>How a patch went.</summary>
internal enum PatchStatus
{
    Applied,
    UnknownSource,
    NotReady,
}

/// <summary>The result of <see cref="SourceCatalog.Patch"/>.</summary>
internal sealed record PatchOutcome(PatchStatus Status, int Upserted, int Deleted, long Version)
{
    public static readonly PatchOutcome UnknownSource = new(PatchStatus.UnknownSource, 0, 0, 0);
    public static readonly PatchOutcome NotReady = new(PatchStatus.NotReady, 0, 0, 0);
}
