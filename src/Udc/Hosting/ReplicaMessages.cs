using Udc.Access;
using Udc.Caching;
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
                case "key_revoked" when message.KeyId is { } keyId:
                    keys.Forget(keyId);
                    break;
            }
            return Task.CompletedTask;
        };
    }
}
