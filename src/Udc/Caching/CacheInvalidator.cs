using Udc.Redis;

namespace Udc.Caching;

/// <summary>Invalidates a source's cached responses here and, through the bus, on every other replica.</summary>
internal sealed class CacheInvalidator(ResponseCache cache, RedisBus bus)
{
    /// <returns>How many entries this replica dropped.</returns>
    public async Task<int> InvalidateAsync(string? source)
    {
        var token = ResponseCache.NewToken();
        var removed = cache.Invalidate(source, token);
        await bus.PublishAsync(new BusMessage { Kind = "invalidate", Origin = "", Source = source, Token = token });
        return removed;
    }

    /// <summary>
    /// Applies another replica's invalidation. A copy of one already applied finds its token in place and changes
    /// nothing, so entries cached since then are kept.
    /// </summary>
    public void OnRemote(BusMessage message)
    {
        if (message.Token is { } token && cache.GenerationOf(message.Source ?? ResponseCache.AllSources) == token)
        {
            return;
        }
        cache.Invalidate(message.Source, message.Token ?? ResponseCache.NewToken());
    }
}
