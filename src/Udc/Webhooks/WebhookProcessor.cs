using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Engine.Patching;
using Udc.Redis;

namespace Udc.Webhooks;

/// <summary>
/// Stores, applies and spreads webhook events. Order matters: durable first (the sender may be answered once
/// the event is on disk), then applied to the in-memory source and the cache invalidated, then sent to the
/// other replicas, which store and apply it too.
/// </summary>
internal sealed partial class WebhookProcessor(WebhookEventStore store, SourceCatalog catalog, ResponseCache cache, RedisBus bus, TimeProvider time, ILogger<WebhookProcessor> logger)
{
    /// <summary>
    /// Webhook ids applied by this process, newest 10,000 (about 1 MB): a repeated bus message must not apply an
    /// event again, which would undo a later change to the same record. The database cannot tell, since replicas
    /// may share it.
    /// </summary>
    private readonly RecentSet _applied = new(10_000);

    public WebhookEventStore Store => store;

    public async Task<WebhookAcceptance> AcceptAsync(string webhookId, string source, string eventType, string payload)
    {
        var stored = store.TryInsert(webhookId, source, eventType, payload, time.GetUtcNow());
        if (stored is null)
        {
            // A redelivery: acknowledged again, applied once.
            return new WebhookAcceptance(store.Find(webhookId), true, null, null);
        }
        var (outcome, error) = Apply(stored);
        _applied.Add(webhookId);
        var token = ResponseCache.NewToken();
        cache.Invalidate(source, token);
        store.MarkApplied(stored.EventId, time.GetUtcNow(), error);
        await bus.PublishAsync(new BusMessage
        {
            Kind = "webhook",
            Origin = "",
            Source = source,
            Token = token,
            WebhookId = webhookId,
            EventType = eventType,
            Payload = payload,
            ReceivedAt = stored.ReceivedAt.ToUnixTimeMilliseconds(),
        });
        return new WebhookAcceptance(stored, false, outcome, error);
    }

    /// <summary>
    /// An event accepted by another replica: stored here too (unless the database is shared) and applied, once.
    /// An event already in a shared database is still applied, since this process's sources do not have it yet.
    /// </summary>
    public void ApplyRemote(BusMessage message)
    {
        if (message is not { WebhookId: { } id, Source: { } source, EventType: { } type, Payload: { } payload } || !_applied.Add(id))
        {
            return;
        }
        var receivedAt = message.ReceivedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : time.GetUtcNow();
        var stored = store.TryInsert(id, source, type, payload, receivedAt);
        var (_, error) = Apply(stored ?? new WebhookEvent(0, id, source, type, payload, receivedAt, null, null));
        cache.Invalidate(source, message.Token ?? ResponseCache.NewToken());
        if (stored is not null)
        {
            store.MarkApplied(stored.EventId, time.GetUtcNow(), error);
        }
    }

    /// <summary>
    /// On start: the catalog has already applied every event newer than its file while loading; what is left
    /// is to record that events accepted before a crash are now applied.
    /// </summary>
    public int MarkReplayed()
    {
        var pending = store.Unapplied();
        foreach (var stored in pending)
        {
            var error = catalog.TryGet(stored.Source, out var state) && state.Snapshot is not null ? null : $"source '{stored.Source}' is not loaded";
            store.MarkApplied(stored.EventId, time.GetUtcNow(), error);
        }
        if (pending.Count > 0)
        {
            LogReplayed(logger, pending.Count);
        }
        return pending.Count;
    }

    private (PatchOutcome? Outcome, string? Error) Apply(WebhookEvent stored)
    {
        var changes = WebhookPayload.ChangesOf(stored.Payload, stored.EventType);
        if (changes.Count == 0)
        {
            return (null, null);
        }
        try
        {
            var outcome = catalog.Patch(stored.Source, changes);
            return outcome.Status == PatchStatus.Applied ? (outcome, null) : (outcome, $"source '{stored.Source}' is {(outcome.Status == PatchStatus.NotReady ? "not ready" : "unknown")}");
        }
        catch (SourcePatchException e)
        {
            LogApplyFailed(logger, stored.WebhookId, e.Message);
            return (null, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} webhook events accepted before the last stop")]
    private static partial void LogReplayed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not be applied: {Reason}")]
    private static partial void LogApplyFailed(ILogger logger, string webhookId, string reason);
}

/// <summary>What happened to a delivered webhook.</summary>
internal sealed record WebhookAcceptance(WebhookEvent? Event, bool Duplicate, PatchOutcome? Outcome, string? Error);
