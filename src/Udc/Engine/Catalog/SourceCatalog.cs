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
    private volatile bool _hasDiscovered;

    private readonly Lock _writeLock = new();

    /// <summary>Guards the swap of <see cref="_sources"/>: loads publish from several threads at once.</summary>
    private readonly Lock _publishLock = new();

    /// <summary>Keeps <see cref="SourceChanged"/> handlers one at a time, outside the swap, so a slow handler delays no other source's publication.</summary>
    private readonly Lock _eventLock = new();

    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly string _realFolder;
    private ImmutableSortedDictionary<string, SourceState> _sources = ImmutableSortedDictionary.Create<string, SourceState>(StringComparer.Ordinal);

    public SourceCatalog(CatalogOptions options, TimeProvider time)
    {
        Options = options;
        _time = time;
        Config = ReadConfig(options.ConfigPath);
        _realFolder = DataFile.RealFolder(options.DataDirectory);
    }

    public CatalogOptions Options { get; }

    public CatalogConfig Config { get; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>True once the first <see cref="LoadAll"/> has finished: later changes are news to clients that already looked.</summary>
    public bool IsLoaded => _isLoaded;

    /// <summary>Completes when the first <see cref="LoadAll"/> has finished, whatever became of each source.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>
    /// True once the data folder has been listed and every source found is published, loading or loaded: before that
    /// an empty catalog means "not looked yet", not "no sources".
    /// </summary>
    public bool HasDiscovered => _hasDiscovered;

    /// <summary>Raised once, when the first <see cref="LoadAll"/> has finished and before <see cref="IsLoaded"/> turns true.</summary>
    public event Action? FirstLoadCompleted;

    /// <summary>Raised after a source is loaded, reloaded, fails, or disappears (then with a null snapshot).</summary>
    public event Action<SourceState>? SourceChanged;

    public IReadOnlyCollection<SourceState> Sources => _sources.Values.ToArray();

    public IEnumerable<string> Names => _sources.Keys;

    /// <summary>Files of the data folder that are not served (links out of it, FIFOs, devices), as of the last refresh.</summary>
    public IReadOnlyList<RefusedFile> RefusedFiles { get; private set; } = [];

    /// <summary>Raised after a refresh that finds refused files it did not find before, with those files.</summary>
    public event Action<IReadOnlyList<RefusedFile>>? FilesRefused;

    public bool TryGet(string name, [NotNullWhen(true)] out SourceState? state) => _sources.TryGetValue(name, out state);

    /// <summary>
    /// Loads every source of the data folder. A file that fails is reported and the rest still load; a file caught
    /// changing is read again once it is still (up to 20 tries, 100 ms apart: two seconds of a writer at work).
    /// </summary>
    public void LoadAll()
    {
        if (StartedAt == default)
        {
            StartedAt = _time.GetUtcNow();
        }
        try
        {
            for (var attempt = 1; !Refresh() && attempt < 20; attempt++)
            {
                Thread.Sleep(100);
            }
            LoadDatabases();
            FirstLoadCompleted?.Invoke();
        }
        finally
        {
            _hasDiscovered = true;
            _isLoaded = true;
            _loaded.TrySetResult();
        }
    }

    /// <summary>
    /// <see cref="LoadAll"/> on a thread of its own, so a server can listen while its sources load; the task ends
    /// with it (a failure to list the folder at all faults it).
    /// </summary>
    public Task StartLoading()
    {
        StartedAt = _time.GetUtcNow();
        return Task.Factory.StartNew(LoadAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Re-reads the folder: new files become sources, changed files reload, removed files go away. On the first load
    /// every source is published at once as loading; then every source to read is loaded in parallel, each published
    /// as soon as it is ready.
    /// </summary>
    /// <returns>False when a file changed while it was read: it keeps what it served, and the caller refreshes again later.</returns>
    public bool Refresh()
    {
        lock (_writeLock)
        {
            var (definitions, refused) = SourceDiscovery.Discover(Options.DataDirectory, Config, Options.ConfigPath);
            ReportRefused(refused);
            var current = _sources;
            var loads = new List<(SourceDefinition Definition, SourceState? Previous, LoadProgress Progress)>();
            definitions = [.. definitions.Where(d => !IsDatabaseSource(d.Name))];
            foreach (var definition in definitions)
            {
                current.TryGetValue(definition.Name, out var previous);
                if (previous?.Definition.Format == SourceFormat.Ingested)
                {
                    // A connector owns the name; a file of the same name is not served over its records.
                    continue;
                }
                if (previous is null || previous.Definition != definition || HasChanged(previous))
                {
                    var progress = new LoadProgress(FileStamp.Of(definition.Path).Length);
                    loads.Add((definition, previous, progress));
                    // At start every source is listed at once, loading; a file added later is published once loaded,
                    // so clients told of a new source (MCP's list_changed) can query it straight away.
                    if (!_isLoaded && previous?.Snapshot is null)
                    {
                        Publish(new SourceState(definition, null, null, default) { Progress = progress });
                    }
                }
            }
            foreach (var removed in current.Where(s => s.Value.Definition.Format != SourceFormat.Ingested).Select(s => s.Key).Except(definitions.Select(d => d.Name)).Where(name => !IsDatabaseSource(name)).ToList())
            {
                Unpublish(removed);
            }
            _hasDiscovered = true;

            var settled = 1;
            ParallelLoops.For(loads.Count, i =>
            {
                var (definition, previous, progress) = loads[i];
                Publish(Load(definition, previous, progress, out var caughtChanging));
                if (caughtChanging)
                {
                    Volatile.Write(ref settled, 0);
                }
            });
            return settled == 1;
        }
    }

    private void ReportRefused(IReadOnlyList<RefusedFile> refused)
    {
        var known = RefusedFiles;
        RefusedFiles = refused;
        var news = refused.Except(known).ToList();
        if (news.Count > 0)
        {
            FilesRefused?.Invoke(news);
        }
    }

    private static bool HasChanged(SourceState state) => FileStamp.Of(state.Definition.Path) != state.Stamp;

    /// <summary>A version number no other snapshot of this process has (views under a policy take one too).</summary>
    internal static long NextVersion() => Interlocked.Increment(ref s_nextVersion);

    private void Publish(SourceState state)
    {
        lock (_publishLock)
        {
            _sources = _sources.SetItem(state.Name, state);
        }
        lock (_eventLock)
        {
            SourceChanged?.Invoke(state);
        }
    }

    private void Unpublish(string name)
    {
        SourceState? state;
        lock (_publishLock)
        {
            if (!_sources.TryGetValue(name, out state))
            {
                return;
            }
            _sources = _sources.Remove(name);
        }
        lock (_eventLock)
        {
            SourceChanged?.Invoke(state with { Snapshot = null, Progress = null });
        }
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
