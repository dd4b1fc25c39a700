using Udc.Access;
using Udc.Engine.Catalog;

namespace Udc.RateLimiting;

/// <summary>
/// Limits each caller per source: the partition is the API key's id (the admin has one partition), or the
/// client address when anonymous; the source is the route's <c>{source}</c> (unknown names share one bucket,
/// so made-up names cannot multiply partitions). Health, the OpenAPI document and signed webhooks are not
/// limited here. Runs after authentication, so a key's quota is its own.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RequestRateLimiter limiter, SourceCatalog catalog)
{
    private const string NoSource = "*";

    public async Task InvokeAsync(HttpContext context)
    {
        var policy = context.AccessPolicyOf();
        if (policy is AccessPolicy.Public or AccessPolicy.Signed)
        {
            await next(context);
            return;
        }
        var identity = SourceAccess.IdentityOf(context);
        var partition = identity?.Partition ?? "ip:" + ClientAddress.Of(context);
        var source = context.Request.RouteValues["source"] is string name && catalog.TryGet(name, out _) ? name : NoSource;
        if (await limiter.AcquireAsync(partition, source) is not { } decision)
        {
            await next(context);
            return;
        }
        RateLimitHeaders.Write(context.Response, decision);
        if (!decision.Allowed)
        {
            await RateLimitHeaders.Rejection(decision, source).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
