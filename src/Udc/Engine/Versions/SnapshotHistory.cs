using Udc.Engine.Catalog;

namespace Udc.Engine.Versions;

/// <summary>
/// The last versions of every source, kept beside the catalog: each snapshot the catalog publishes (first load, file
/// reload, webhook change) becomes the source's next version, numbered from 1 in this process. The current version is
/// the catalog's own; the older ones are held here, at most <see cref="VersionSettings.MaxVersions"/> per source in
/// all, and while the older versions of all sources take more than <see cref="VersionSettings.MaxBytes"/> the oldest
/// go first. A reader holding a snapshot keeps it alive whatever this drops.
/// </summary>
internal sealed class SnapshotHistory : IDisposable
{
    private readonly SourceCatalog _catalog;
    private readonly VersionSettings _settings;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SourceVersions> _sources = new(StringComparer.Ordinal);

    public SnapshotHistory(SourceCatalog catalog, VersionSettings settings)
    {
        _catalog = catalog;
        _settings = settings;
        catalog.SourceChanged += OnSourceChanged;
        foreach (var state in catalog.Sources)
        {
            OnSourceChanged(state);
        }
    }

    public VersionSettings Settings => _settings;

    /// <summary>Bytes held by versions that are no longer current (the current ones belong to the catalog).</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_lock)
            {
                return _sources.Values.Sum(s => s.OlderBytes);
            }
        }
    }

    /// <summary>The versions of a source still held, oldest first; empty for a source never loaded.</summary>
    public IReadOnlyList<SnapshotVersion> VersionsOf(string source)
    {
        lock (_lock)
        {
            return _sources.TryGetValue(source, out var versions) ? [.. versions.Items] : [];
        }
    }

    /// <summary>A version by number, or the one that was current at an instant.</summary>
    public VersionLookup Find(string source, long? number, DateTimeOffset? asOf)
    {
        var versions = VersionsOf(source);
        if (versions.Count == 0)
        {
            return new VersionLookup(null, versions);
        }
        if (number is { } n)
        {
            return new VersionLookup(versions.FirstOrDefault(v => v.Number == n), versions);
        }
        var at = asOf!.Value;
        return new VersionLookup(versions.LastOrDefault(v => v.PublishedAt <= at), versions);
    }

    public void Dispose() => _catalog.SourceChanged -= OnSourceChanged;

    private void OnSourceChanged(SourceState state)
    {
        lock (_lock)
        {
            // A database source's rows are read live from the database: an older catalog of it is no older version of its data.
            if (state.Snapshot is not { } snapshot || snapshot.Pushdown is not null)
            {
                _sources.Remove(state.Name);
                return;
            }
            if (!_sources.TryGetValue(state.Name, out var versions))
            {
                _sources[state.Name] = versions = new SourceVersions();
            }
            if (versions.Items.Count > 0 && ReferenceEquals(versions.Items[^1].Snapshot, snapshot))
            {
                return;
            }
            var previous = versions.Items.Count > 0 ? versions.Items[^1] : null;
            versions.Items.Add(new SnapshotVersion(versions.NextNumber++, snapshot, previous?.Snapshot, SnapshotSize.Estimate(snapshot)));
            while (versions.Items.Count > Math.Max(1, _settings.MaxVersions))
            {
                versions.RemoveOldest();
            }
            TrimToBudget();
        }
    }

    /// <summary>Drops the oldest version of any source, never a current one, until the older versions fit the budget.</summary>
    private void TrimToBudget()
    {
        while (_sources.Values.Sum(s => s.OlderBytes) > _settings.MaxBytes)
        {
            var oldest = _sources.Values.Where(s => s.Items.Count > 1).MinBy(s => s.Items[0].PublishedAt);
            if (oldest is null)
            {
                return;
            }
            oldest.RemoveOldest();
        }
    }

    private sealed class SourceVersions
    {
        public List<SnapshotVersion> Items { get; } = [];

        public long NextNumber { get; set; } = 1;

        public long OlderBytes => Items.Take(Items.Count - 1).Sum(v => v.Bytes);

        public void RemoveOldest()
        {
            Items.RemoveAt(0);
            if (Items.Count > 0)
            {
                Items[0].ForgetPrevious();
            }
        }
    }
}

/// <summary>The version found (null when none matches) and the versions there are, for the error that says which.</summary>
internal sealed record VersionLookup(SnapshotVersion? Version, IReadOnlyList<SnapshotVersion> Available);
