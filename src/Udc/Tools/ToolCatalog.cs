using System.Runtime.CompilerServices;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Reading;

namespace Udc.Tools;

/// <summary>
/// The current <see cref="ToolSet"/>: generated when the catalog first loads and again whenever a source is
/// added, reloaded or removed, so the schemas a model sees always match the data.
/// </summary>
internal sealed class ToolCatalog : IDisposable
{
    private readonly SourceCatalog _catalog;
    private readonly SourceResolver _sources;
    private readonly Lock _buildLock = new();
    /// <summary>The set last built, with the number of catalog changes it was built after.</summary>
    private BuiltSet? _built;

    /// <summary>Catalog changes so far: a set built after fewer is stale.</summary>
    private long _changes;

    /// <summary>
    /// The set of each key limited to some sources, made from the current set's catalog state and made again
    /// once that changes. Weak: a key's identity is dropped when the key is revoked or its sources change, and
    /// its set with it.
    /// </summary>
    private readonly ConditionalWeakTable<ClientIdentity, RestrictedSet> _restricted = new();

    private readonly OutputBudget _defaultBudget;

    /// <summary>
    /// While the first load runs, every source is published twice (loading, then loaded), one after another, and a set
    /// rebuilt at each publication cost the whole catalog every time: a folder of 100 small files took most of a
    /// second to be ready. Until that load is over a change only marks the set stale: a read rebuilds it, and the
    /// load's end rebuilds it once for those told of changes (MCP's list_changed).
    /// </summary>
    private volatile bool _firstLoadOver;

    /// <param name="defaultBudget">The budget of a call that names none, which the schemas give as max_tokens' default.</param>
    public ToolCatalog(SourceResolver sources, OutputBudget defaultBudget)
    {
        _sources = sources;
        _defaultBudget = defaultBudget;
        _catalog = sources.Catalog;
        _firstLoadOver = _catalog.IsLoaded;
        _catalog.SourceChanged += OnSourceChanged;
        if (!_firstLoadOver)
        {
            _catalog.Loaded.ContinueWith(static (_, self) => ((ToolCatalog)self!).OnFirstLoadOver(), this,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    public SourceCatalog Catalog => _catalog;

    /// <summary>The one source resolver, which every read of a source goes through.</summary>
    public SourceResolver Sources => _sources;

    /// <summary>Raised after a new set is published.</summary>
    public event Action<ToolSet>? Changed;

    public ToolSet Current => FreshSet(Volatile.Read(ref _built)) is { } set ? set : RebuildStale();

    /// <summary>The tools <paramref name="caller"/> may use: the current set, or for a key limited to some sources, a set of only those.</summary>
    public ToolSet For(ClientIdentity? caller)
    {
        var current = Current;
        if (caller?.Sources is null && caller?.Policy is null)
        {
            return current;
        }
        if (_restricted.TryGetValue(caller, out var cached) && ReferenceEquals(cached.From, current))
        {
            return cached.Set;
        }
        var set = ToolSetBuilder.Build(_sources.Readable(caller), caller, _defaultBudget);
        _restricted.AddOrUpdate(caller, new RestrictedSet(current, set));
        return set;
    }

    public void Dispose() => _catalog.SourceChanged -= OnSourceChanged;

    private void OnSourceChanged(SourceState state)
    {
        Interlocked.Increment(ref _changes);
        if (_firstLoadOver)
        {
            Rebuild();
        }
    }

    private void OnFirstLoadOver()
    {
        _firstLoadOver = true;
        Rebuild();
    }

    /// <summary>The set of <paramref name="built"/> when no change came after it was built; else null.</summary>
    private ToolSet? FreshSet(BuiltSet? built) => built is not null && built.Generation == Interlocked.Read(ref _changes) ? built.Set : null;

    /// <summary>The set for a read that found it stale, unless another read has just rebuilt it.</summary>
    private ToolSet RebuildStale()
    {
        lock (_buildLock)
        {
            if (FreshSet(_built) is { } set)
            {
                return set;
            }
        }
        return Rebuild();
    }

    private ToolSet Rebuild()
    {
        ToolSet set;
        lock (_buildLock)
        {
            // Counted before the catalog is read: a source published while this builds leaves the set stale.
            var generation = Interlocked.Read(ref _changes);
            set = ToolSetBuilder.Build(_catalog.Sources, null, _defaultBudget);
            Volatile.Write(ref _built, new BuiltSet(set, generation));
        }
        Changed?.Invoke(set);
        return set;
    }

    private sealed record BuiltSet(ToolSet Set, long Generation);

    private sealed record RestrictedSet(ToolSet From, ToolSet Set);
}
