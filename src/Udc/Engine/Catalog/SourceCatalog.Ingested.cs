using System.Diagnostics;
using Udc.Engine.Columns;
using Udc.Engine.Loading;
using Udc.Engine.Patching;

namespace Udc.Engine.Catalog;

/// <summary>
/// Sources whose records a connector ingests. They live beside the file sources under the same rules (one snapshot
/// swap per change, <see cref="SourceChanged"/> raised, requests in flight finish on the old snapshot) but the data
/// folder's refreshes leave them alone, and their freshness is the end of the last run that completed.
/// </summary>
internal sealed partial class SourceCatalog
{
    /// <summary>Serves a connector's stored records as a source; a file source of the same name gives way.</summary>
    public void PublishIngested(SourceDefinition definition, Table table, DateTimeOffset freshAt, string contentTag, TimeSpan loadDuration)
    {
        lock (_writeLock)
        {
            var snapshot = new SourceSnapshot(definition, table, NextVersion(), freshAt, _time.GetUtcNow(), loadDuration, contentTag);
            Publish(new SourceState(definition, snapshot, null, default));
        }
    }

    /// <summary>
    /// Adds or replaces an ingested source's records by id. A source with no rows yet takes the records as its
    /// table; otherwise they are patched in as a webhook's are (<see cref="TablePatcher"/>): no record is parsed again.
    /// </summary>
    /// <param name="changes">Upserts, at most one per id.</param>
    public PatchOutcome AppendIngested(string name, IReadOnlyList<RecordChange> changes, DateTimeOffset freshAt, string contentTag)
    {
        lock (_writeLock)
        {
            if (!_sources.TryGetValue(name, out var state) || state.Definition.Format != SourceFormat.Ingested)
            {
                return PatchOutcome.UnknownSource;
            }
            if (state.Snapshot is not { } snapshot)
            {
                return PatchOutcome.NotReady;
            }
            var started = Stopwatch.GetTimestamp();
            Table table;
            int upserted;
            if (snapshot.RowCount == 0 || snapshot.IdColumn is null)
            {
                table = changes.Count == 0 ? snapshot.Table : TablePatcher.ReadRecords(changes, snapshot.Definition.FileName);
                upserted = table.RowCount;
            }
            else
            {
                var patched = TablePatcher.Apply(snapshot.Table, snapshot.IdColumn, changes, snapshot.Definition.FileName);
                (table, upserted) = (patched.Table, patched.Upserted);
            }
            var next = new SourceSnapshot(snapshot.Definition, table, NextVersion(), freshAt, _time.GetUtcNow(), Stopwatch.GetElapsedTime(started), contentTag);
            Publish(state with { Snapshot = next });
            return new PatchOutcome(PatchStatus.Applied, upserted, 0, next.Version);
        }
    }

    /// <summary>A run completed: the same records, fresh as of <paramref name="freshAt"/>.</summary>
    public void MarkIngestedFresh(string name, DateTimeOffset freshAt, string contentTag)
    {
        lock (_writeLock)
        {
            if (_sources.TryGetValue(name, out var state) && state.Definition.Format == SourceFormat.Ingested && state.Snapshot is { } snapshot && freshAt > snapshot.FileModifiedAt)
            {
                var next = new SourceSnapshot(snapshot.Definition, snapshot.Table, NextVersion(), freshAt, _time.GetUtcNow(), TimeSpan.Zero, contentTag);
                Publish(state with { Snapshot = next });
            }
        }
    }
}
