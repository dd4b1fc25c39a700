using Udc.Engine.Catalog;

namespace Udc.Hosting;

/// <summary>
/// Loads the catalog while the server already listens (a source still loading answers 503 <c>SOURCE_LOADING</c>),
/// then keeps it in step with the data folder.
/// </summary>
internal sealed partial class CatalogLifetime(SourceCatalog catalog, IHostApplicationLifetime lifetime, ILogger<CatalogLifetime> logger) : IHostedService, IDisposable
{
    private DataFolderWatcher? _watcher;
    private Engine.Database.DatabaseWatcher? _databases;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.SourceChanged += OnSourceChanged;
        catalog.FilesRefused += OnFilesRefused;
        if (catalog.Snapshots is { } snapshots)
        {
            snapshots.Problem += problem => LogSnapshotProblem(logger, problem);
            snapshots.RemoveLeftovers();
        }
        // udc mcp loads the catalog before its session starts (see McpCommand); its sources are logged here.
        if (catalog.IsLoaded)
        {
            foreach (var state in catalog.Sources)
            {
                OnSourceChanged(state);
            }
            OnFilesRefused(catalog.RefusedFiles);
        }
        else
        {
            // Once the server listens: a large load takes every core, and the server should not have to share
            // them before it answers its first request.
            lifetime.ApplicationStarted.Register(() => catalog.StartLoading().ContinueWith(
                loading =>
                {
                    if (loading.Exception is { } e)
                    {
                        LogRefreshFailed(logger, e.GetBaseException());
                    }
                    foreach (var state in catalog.Sources)
                    {
                        CountLater(state);
                    }
                },
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default));
        }
        _watcher = new DataFolderWatcher(catalog, DataFolderWatcher.DefaultQuietPeriod, e => LogRefreshFailed(logger, e));
        // Database sources are first read with the data folder; from then on their watcher reads them again.
        _databases = new Engine.Database.DatabaseWatcher(catalog, e => LogRefreshFailed(logger, e));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        _databases?.Dispose();
        if (catalog.Snapshots is { } snapshots)
        {
            // A snapshot half written is only a temporary file the next start removes, so the host's shutdown
            // timeout may cut this wait short.
            await snapshots.Close().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _databases?.Dispose();
    }

    private void OnFilesRefused(IReadOnlyList<RefusedFile> refused)
    {
        foreach (var file in refused)
        {
            LogRefused(logger, file.FileName, file.Reason);
        }
    }

    private void OnSourceChanged(SourceState state)
    {
        switch (state)
        {
            case { Snapshot: { } snapshot, LastFailure: null }:
                LogLoaded(logger, state.Name, snapshot.RowCount, snapshot.Table.Columns.Count, snapshot.LoadDuration.TotalMilliseconds, state.Definition.FileName,
                    snapshot.Origin == LoadOrigin.Snapshot ? "its snapshot" : "parsed");
                break;
            case { LastFailure: { } failure }:
                LogLoadFailed(logger, state.Name, failure.Message, state.Snapshot is not null);
                break;
            case { IsLoading: true }:
                break;
            default:
                LogRemoved(logger, state.Name);
                break;
        }
        if (catalog.IsLoaded)
        {
            CountLater(state);
        }
    }

    /// <summary>
    /// Counts the distinct values of a new version's columns in the background, so that describing the source
    /// (<c>/sources/{source}</c>) answers at once: a million texts take a few hundred milliseconds to count. Versions
    /// that arrive while the first load is under way wait for its end, so the counting never takes a core from a load.
    /// </summary>
    private static void CountLater(SourceState state)
    {
        if (state.Snapshot is { } snapshot)
        {
            _ = Task.Run(() =>
            {
                foreach (var column in snapshot.Table.Columns)
                {
                    _ = column.DistinctCount;
                }
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} loaded: {Rows} rows, {Columns} columns in {Milliseconds:F1} ms from {File} ({Origin})")]
    private static partial void LogLoaded(ILogger logger, string source, int rows, int columns, double milliseconds, string file, string origin);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot: {Problem}")]
    private static partial void LogSnapshotProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source} failed to load: {Error} (still serving previous snapshot: {KeptPrevious})")]
    private static partial void LogLoadFailed(ILogger logger, string source, string error, bool keptPrevious);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File {File} of the data folder is not served: {Reason}")]
    private static partial void LogRefused(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} removed: its file is gone")]
    private static partial void LogRemoved(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing the data folder failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
