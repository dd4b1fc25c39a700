using Udc.Access;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Redis;
using Udc.Webhooks;

namespace Udc.Hosting;

/// <summary>
/// Starts what the access, cache and webhook features run in the background: the Redis connection and bus,
/// the replay of webhook events accepted before a crash, and the batched writes of keys' last use.
/// Registered after the catalog's lifetime, so sources are loaded (with their logged changes) by then.
/// </summary>
internal sealed partial class AccessLifetime(
    IServiceProvider services,
    RedisConnection redis,
    RedisBus bus,
    ApiKeyRegistry keys,
    WebhookProcessor webhooks,
    SourceCatalog catalog,
    ResponseCache cache,
    CacheInvalidator invalidator,
    AccessSettings access,
    AdminKey adminKey,
    ILogger<AccessLifetime> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>Each source's file time as last seen, to tell a reload (new file) from a webhook's patch.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset?> _fileTimes = new(StringComparer.Ordinal);

    /// <summary>Last use is bookkeeping: one write every 15 s, whatever the traffic.</summary>
    private static readonly TimeSpan s_flushInterval = TimeSpan.FromSeconds(15);

    private Timer? _flush;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (access.AuthEnabled && !adminKey.IsConfigured)
        {
            LogNoAdminKey(logger);
        }
        // Events accepted before a crash are applied by the sources' first load; only then are they marked so.
        if (catalog.IsLoaded)
        {
            webhooks.MarkReplayed();
        }
        else
        {
            catalog.FirstLoadCompleted += () => webhooks.MarkReplayed();
        }
        catalog.SourceChanged += OnSourceChanged;
        // Sources loaded before the subscription (small ones load in a millisecond) are known from the catalog.
        foreach (var state in catalog.Sources)
        {
            _fileTimes.TryAdd(state.Name, state.Snapshot?.FileModifiedAt);
        }
        bus.Handler = ReplicaMessages.Handler(services);
        bus.Attach();
        redis.Start();
        _flush = new Timer(_ => Flush(), null, s_flushInterval, s_flushInterval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Before the services its handler uses are disposed.
        await bus.DisposeAsync();
        if (_flush is not null)
        {
            await _flush.DisposeAsync();
        }
        Flush();
    }

    public async ValueTask DisposeAsync()
    {
        if (_flush is not null)
        {
            await _flush.DisposeAsync();
        }
    }

    /// <summary>
    /// Raised one at a time by the catalog: drops this replica's entries at once, and for a reload (not a webhook's
    /// patch, which the webhook spreads itself) tells the other replicas in the background.
    /// </summary>
    private void OnSourceChanged(Engine.Catalog.SourceState state)
    {
        var fileTime = state.Snapshot?.FileModifiedAt;
        // The first load is news to nobody: no response of the source was cached before it, and every replica
        // keeps the same generation, so their shared cache entries stay the same. A source still loading has
        // nothing cached either.
        if (!catalog.IsLoaded || state.IsLoading)
        {
            _fileTimes[state.Name] = fileTime;
            return;
        }
        cache.Invalidate(state.Name, ResponseCache.NewToken());
        if (_fileTimes.TryGetValue(state.Name, out var previous) && previous == fileTime && fileTime is not null)
        {
            return;
        }
        _fileTimes[state.Name] = fileTime;
        _ = Task.Run(async () =>
        {
            try
            {
                await invalidator.InvalidateAsync(state.Name);
            }
            catch (Exception e)
            {
                LogBroadcastFailed(logger, state.Name, e.Message);
            }
        });
    }

    private void Flush()
    {
        try
        {
            keys.FlushLastUsed();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            LogFlushFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AUTH_ENABLED is on but ADMIN_API_KEY is not set: no key can be created or revoked until it is")]
    private static partial void LogNoAdminKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling other replicas that {Source} reloaded failed: {Message}")]
    private static partial void LogBroadcastFailed(ILogger logger, string source, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording API keys' last use failed: {Message}")]
    private static partial void LogFlushFailed(ILogger logger, string message);
}
