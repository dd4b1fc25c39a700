using Npgsql;
using Udc.Engine.Catalog;

namespace Udc.Engine.Database;

/// <summary>
/// Keeps each database source in step with its database: reads its catalog again every refresh interval (every two
/// seconds while it fails, so recovery is quick), at once when a request asks, and on each NOTIFY of its channel.
/// </summary>
internal sealed class DatabaseWatcher : IDisposable
{
    /// <summary>While a source fails, its database is tried this often: recovery shows within two seconds of the server's return.</summary>
    private static readonly TimeSpan s_failingInterval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _disposed;

    public DatabaseWatcher(SourceCatalog catalog, Action<Exception> onError)
    {
        foreach (var source in catalog.Databases.Values)
        {
            _loops.Add(Task.Run(() => WatchAsync(catalog, source, onError, _stop.Token)));
            if (source is { Definition.NotifyChannel: { } channel, Client: PostgresClient postgres })
            {
                _loops.Add(Task.Run(() => ListenAsync(postgres.DataSource, channel, source, _stop.Token)));
            }
        }
    }

    private static async Task WatchAsync(SourceCatalog catalog, DatabaseSource source, Action<Exception> onError, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var failing = !catalog.TryGet(source.Definition.Name, out var state) || state.LastFailure is not null;
            var wait = failing ? TimeSpan.FromTicks(Math.Min(s_failingInterval.Ticks, source.Definition.RefreshInterval.Ticks)) : source.Definition.RefreshInterval;
            try
            {
                await Task.WhenAny(Task.Delay(wait, stop), source.RefreshRequested).WaitAsync(stop);
                catalog.RefreshDatabase(source.Definition.Name);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                onError(e);
            }
        }
    }

    /// <summary>LISTEN on its own connection; a lost connection is opened again a second later, and a refresh marks what was missed meanwhile.</summary>
    private static async Task ListenAsync(NpgsqlDataSource dataSource, string channel, DatabaseSource source, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stop);
                connection.Notification += (_, _) => source.RequestRefresh();
                await using (var listen = connection.CreateCommand())
                {
                    // The channel name was checked at start to be lower-case letters, digits and '_'; LISTEN takes no parameter.
                    listen.CommandText = "LISTEN " + SqlDialect.Quote(channel);
                    await listen.ExecuteNonQueryAsync(stop);
                }
                source.RequestRefresh();
                while (!stop.IsCancellationRequested)
                {
                    await connection.WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public void Dispose()
    {
        // Stopped by the host, then disposed with the container: the second call has nothing left to do.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _stop.Cancel();
        try
        {
            Task.WaitAll([.. _loops], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Each loop ends on cancellation; what it threw on the way out changes nothing.
        }
        _stop.Dispose();
    }
}
