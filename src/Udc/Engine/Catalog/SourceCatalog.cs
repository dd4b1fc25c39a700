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
        StartedAt = _time.GetUtcNow();
        for (var attempt = 1; !Refresh() && attempt < 20; attempt++)
        {
            Thread.Sleep(100);
        }
        _isLoaded = true;
    }

    /// <summary>Re-reads the folder: new files become sources, changed files reload, removed files go away.</summary>
    /// <returns>False when a file changed while it was read: it keeps what it served, and the caller refreshes again later.</returns>
    public bool Refresh()
    {
        lock (_writeLock)
        {
            var (definitions, refused) = SourceDiscovery.Discover(Options.DataDirectory, Config, Options.ConfigPath);
            ReportRefused(refused);
            var current = _sources;
            var settled = true;
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
                    Publish(Load(definition, previous, out var caughtChanging));
                    settled &= !caughtChanging;
                }
            }
            foreach (var removed in current.Where(s => s.Value.Definition.Format != SourceFormat.Ingested).Select(s => s.Key).Except(definitions.Select(d => d.Name)).ToList())
            {
                var state = _sources[removed];
                _sources = _sources.Remove(removed);
                SourceChanged?.Invoke(state with { Snapshot = null });
            }
            return settled;
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

    private SourceState Load(SourceDefinition definition, SourceState? previous, out bool caughtChanging)
    {
        caughtChanging = false;
        var started = Stopwatch.GetTimestamp();
        var stamp = default(FileStamp);
        try
        {
            var bytes = DataFile.ReadAllBytes(_realFolder, definition.Path, out stamp);
            var table = TableLoader.Read(bytes, definition.FileName, definition.Format, out var contentHash);
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
