using System.Diagnostics;
using Udc.Engine.Database;
using Udc.Engine.Loading;

namespace Udc.Engine.Catalog;

/// <summary>
/// Database sources in the catalog: published beside the data folder's, read again when their watcher says (an
/// interval, a NOTIFY, a failed request), and marked failed while the database is down, keeping their last catalog so
/// they recover without a restart. A database source's name takes precedence over a data file of the same name.
/// </summary>
internal sealed partial class SourceCatalog : IDisposable
{
    private Dictionary<string, DatabaseSource>? _databases;

    public IReadOnlyDictionary<string, DatabaseSource> Databases => _databases ??= Options.Databases.ToDictionary(d => d.Name, d => new DatabaseSource(d), StringComparer.Ordinal);

    private bool IsDatabaseSource(string name) => Options.Databases.Any(d => d.Name == name);

    /// <summary>Every database source read for the first time, in parallel, each listed as loading until it is.</summary>
    private void LoadDatabases()
    {
        var sources = Databases.Values.ToList();
        foreach (var source in sources.Where(s => !_sources.ContainsKey(s.Definition.Name)))
        {
            Publish(new SourceState(Placeholder(source.Definition), null, null, default) { Progress = new LoadProgress(0) });
        }
        ParallelLoops.For(sources.Count, i => RefreshDatabase(sources[i].Definition.Name));
    }

    /// <summary>Reads a database source's catalog again and publishes a new version if it changed, or its failure if it cannot be read.</summary>
    public void RefreshDatabase(string name)
    {
        if (!Databases.TryGetValue(name, out var source))
        {
            return;
        }
        lock (source.RefreshLock)
        {
            var started = Stopwatch.GetTimestamp();
            _sources.TryGetValue(name, out var previous);
            try
            {
                if (source.Refresh(e => OnDatabaseFailure(source, e)) is not { } read)
                {
                    if (previous is { LastFailure: not null, Snapshot: not null })
                    {
                        Publish(previous with { LastFailure = null });
                    }
                    return;
                }
                var now = _time.GetUtcNow();
                var snapshot = new SourceSnapshot(read.Definition, read.Shape, NextVersion(), now, now, Stopwatch.GetElapsedTime(started),
                    $"db:{name}:{NextVersion()}", LoadOrigin.File, read.Table);
                Publish(new SourceState(read.Definition, snapshot, null, default));
            }
            catch (Exception e) when (e is DatabaseReadException or SourceLoadException)
            {
                source.RequestRefresh(stale: true);
                Publish(new SourceState(previous?.Definition ?? Placeholder(source.Definition), previous?.Snapshot, new SourceLoadFailure(e.Message, _time.GetUtcNow()), default));
            }
        }
    }

    /// <summary>A request found the database down or the table altered: health shows it at once, and the watcher reads the catalog again.</summary>
    private void OnDatabaseFailure(DatabaseSource source, DatabaseReadException e)
    {
        source.RequestRefresh(stale: e.Failure == DatabaseFailure.SchemaChanged);
        if (_sources.TryGetValue(source.Definition.Name, out var state) && state.LastFailure is null)
        {
            Publish(state with { LastFailure = new SourceLoadFailure(e.Message, _time.GetUtcNow()) });
        }
    }

    private static SourceDefinition Placeholder(DatabaseSourceDefinition definition) =>
        new(definition.Name, "", SourceFormat.Json, definition.IdColumn, definition.TimeColumn, definition.Noun) { Database = definition };

    public void Dispose()
    {
        foreach (var source in _databases?.Values.ToList() ?? [])
        {
            source.Dispose();
        }
    }
}
