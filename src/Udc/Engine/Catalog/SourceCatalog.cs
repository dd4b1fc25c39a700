using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Udc.Engine.Loading;

namespace Udc.Engine.Catalog;

/// <summary>
/// The live set of sources. Readers take the current state without locks; loads and reloads build new
/// snapshots off to the side and publish them with one reference swap, so a request in flight keeps the
/// snapshot it started with.
/// </summary>
internal sealed partial class SourceCatalog
{
    private static long s_nextVersion;

    private volatile bool _isLoaded;

    private readonly Lock _writeLock = new();
    private readonly TimeProvider _time;
    private ImmutableSortedDictionary<string, SourceState> _sources = ImmutableSortedDictionary.Create<string, SourceState>(StringComparer.Ordinal);

    public SourceCatalog(CatalogOptions options, TimeProvider time)
    {
        Options = options;
        _time = time;
        Config = ReadConfig(options.ConfigPath);
    }

    public CatalogOptions Options { get; }

    public CatalogConfig Config { get; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>True once the first <see cref="LoadAll"/> has finished: later changes are news to clients that already looked.</summary>
    public bool IsLoaded => _isLoaded;

    /// <summary>Raised after a source is loaded, reloaded, fails, or disappears (then with a null snapshot).</summary>
    public event Action<SourceState>? SourceChanged;

    public IReadOnlyCollection<SourceState> Sources => _sources.Values.ToArray();

    public IEnumerable<string> Names => _sources.Keys;

    public bool TryGet(string name, [NotNullWhen(true)] out SourceState? state) => _sources.TryGetValue(name, out state);

    /// <summary>Loads every source of the data folder. A file that fails is reported and the rest still load.</summary>
    public void LoadAll()
    {
        StartedAt = _time.GetUtcNow();
        Refresh();
        _isLoaded = true;
    }

    /// <summary>Re-reads the folder: new files become sources, changed files reload, removed files go away.</summary>
    public void Refresh()
    {
        lock (_writeLock)
        {
            var definitions = SourceDiscovery.Discover(Options.DataDirectory, Config, Options.ConfigPath);
            var current = _sources;
            foreach (var definition in definitions)
            {
                current.TryGetValue(definition.Name, out var previous);
                if (previous is null || previous.Definition != definition || HasChanged(previous))
                {
                    Publish(Load(definition, previous));
                }
            }
            foreach (var removed in current.Keys.Except(definitions.Select(d => d.Name)).ToList())
            {
                var state = _sources[removed];
                _sources = _sources.Remove(removed);
                SourceChanged?.Invoke(state with { Snapshot = null });
            }
        }
    }

    private static bool HasChanged(SourceState state) => FileStamp.Of(state.Definition.Path) != state.Stamp;

    private SourceState Load(SourceDefinition definition, SourceState? previous)
    {
        var started = Stopwatch.GetTimestamp();
        // Stamped before reading: a write that lands during the read changes the stamp and triggers another load.
        var stamp = FileStamp.Of(definition.Path);
        try
        {
            var table = TableLoader.Load(definition.Path, definition.Format, out var contentHash);
            var fileModifiedAt = new DateTimeOffset(stamp.LastWriteTimeUtc, TimeSpan.Zero);
            var snapshot = new SourceSnapshot(definition, table, NextVersion(), fileModifiedAt, _time.GetUtcNow(), Stopwatch.GetElapsedTime(started), Patching.ContentTag.ForFile(contentHash, definition));
            return new SourceState(definition, WithLoggedChanges(snapshot, started), null, stamp);
        }
        catch (SourceLoadException e)
        {
            // A failed reload keeps the previous snapshot serving; the failure is reported beside it.
            var keep = previous?.Definition == definition ? previous.Snapshot : null;
            return new SourceState(definition, keep, new SourceLoadFailure(e.Message, _time.GetUtcNow()), stamp);
        }
    }

    private static long NextVersion() => Interlocked.Increment(ref s_nextVersion);

    private void Publish(SourceState state)
    {
        _sources = _sources.SetItem(state.Name, state);
        SourceChanged?.Invoke(state);
    }

    private static CatalogConfig ReadConfig(string? path)
    {
        if (path is null)
        {
            return new CatalogConfig();
        }
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, CatalogConfigJsonContext.Default.CatalogConfig) ?? new CatalogConfig();
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CatalogConfigException($"configuration file '{path}' cannot be used: {e.Message}", e);
        }
    }
}

/// <summary>The configuration file is missing or malformed: UDC does not start with a configuration it cannot honour.</summary>
internal sealed class CatalogConfigException(string message, Exception inner) : Exception(message, inner);
