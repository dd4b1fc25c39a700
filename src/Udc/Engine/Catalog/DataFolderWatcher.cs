namespace Udc.Engine.Catalog;

/// <summary>
/// Reloads the catalog when files in the data folder change. Editors and exporters write a file in several
/// steps, so events are coalesced: the folder is re-read once things have been quiet for a moment.
/// </summary>
internal sealed class DataFolderWatcher : IDisposable
{
    /// <summary>250 ms covers the burst of events of a save (truncate, writes, rename) without a noticeable lag.</summary>
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromMilliseconds(250);

    private readonly SourceCatalog _catalog;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private readonly TimeSpan _quietPeriod;
    private readonly Action<Exception> _onError;
    private int _running;

    public DataFolderWatcher(SourceCatalog catalog, TimeSpan quietPeriod, Action<Exception> onError)
    {
        _catalog = catalog;
        _quietPeriod = quietPeriod;
        _onError = onError;
        _timer = new Timer(_ => RefreshNow(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(catalog.Options.DataDirectory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnEvent;
        // When the watcher's buffer overflows, events were lost: re-reading the folder recovers them all.
        _watcher.Error += (_, _) => _timer.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => _timer.Change(_quietPeriod, Timeout.InfiniteTimeSpan);

    private void RefreshNow()
    {
        // Timer callbacks can overlap when a load outlasts the quiet period; one refresh at a time is enough,
        // and the next event schedules another.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            _timer.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
            return;
        }
        try
        {
            // A file caught mid-write is read again after another quiet period, whether or not more events come.
            if (!_catalog.Refresh())
            {
                _timer.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
            }
        }
        catch (Exception e)
        {
            _onError(e);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _timer.Dispose();
    }
}
