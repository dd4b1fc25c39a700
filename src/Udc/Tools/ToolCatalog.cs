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
    private ToolSet? _current;

    /// <summary>
    /// The set of each key limited to some sources, made from the current set's catalog state and made again
    /// once that changes. Weak: a key's identity is dropped when the key is revoked or its sources change, and
    /// its set with it.
    /// </summary>
    private readonly ConditionalWeakTable<ClientIdentity, RestrictedSet> _restricted = new();

    private readonly OutputBudget _defaultBudget;

    /// <param name="defaultBudget">The budget of a call that names none, which the schemas give as max_tokens' default.</param>
    public ToolCatalog(SourceResolver sources, OutputBudget defaultBudget)
    {
        _sources = sources;
        _defaultBudget = defaultBudget;
        _catalog = sources.Catalog;
        _catalog.SourceChanged += OnSourceChanged;
    }

    public SourceCatalog Catalog => _catalog;

    /// <summary>The one source resolver, which every read of a source goes through.</summary>
    public SourceResolver Sources => _sources;

    /// <summary>Raised after a new set is published.</summary>
    public event Action<ToolSet>? Changed;

    public ToolSet Current => Volatile.Read(ref _current) ?? Rebuild();

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

    private void OnSourceChanged(SourceState state) => Rebuild();

    private ToolSet Rebuild()
    {
        ToolSet set;
        lock (_buildLock)
        {
            set = ToolSetBuilder.Build(_catalog.Sources, null, _defaultBudget);
            Volatile.Write(ref _current, set);
        }
        Changed?.Invoke(set);
        return set;
    }

    private sealed record RestrictedSet(ToolSet From, ToolSet Set);
}
