using Udc.Access;
using Udc.Caching;
using Udc.Ingestion;
using Udc.Redis;
using Udc.Webhooks;

namespace Udc.Hosting;

/// <summary>Routes messages from other replicas to the part of UDC that acts on them.</summary>
internal static class ReplicaMessages
{
    public static Func<BusMessage, Task> Handler(IServiceProvider services)
    {
        var invalidator = services.GetRequiredService<CacheInvalidator>();
        var webhooks = services.GetRequiredService<WebhookProcessor>();
        var keys = services.GetRequiredService<ApiKeyRegistry>();
        var ingestion = services.GetRequiredService<IngestService>();
        return message =>
        {
            switch (message.Kind)
            {
                case "invalidate":
                    invalidator.OnRemote(message);
                    break;
                case "webhook":
                    webhooks.ApplyRemote(message);
                    break;
                case "ingest":
                    ingestion.ApplyRemote(message);
                    break;
                case "key_created" when message is { KeyId: { } id, KeyName: { } name, KeyHash: { } hash, KeyCreatedAt: { } created } && ApiKeyFormat.IsValidId(id):
                    keys.CreatedElsewhere(new ApiKeyRecord(id, name, Convert.FromBase64String(hash), message.KeySources,
                        DateTimeOffset.FromUnixTimeMilliseconds(created), message.KeyExpiresAt is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null, null, null)
                    { Policy = message.KeyPolicy });
                    break;
                case "key_revoked" when message.KeyId is { } keyId && ApiKeyFormat.IsValidId(keyId):
                    keys.RevokedElsewhere(keyId, message.At is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : DateTimeOffset.UtcNow);
                    break;
            }
            return Task.CompletedTask;
        };
    }
}
