using Udc.Access;
using Udc.Engine.Catalog;

namespace Udc.RateLimiting;

/// <summary>
/// Limits each caller per source: the partition is the API key's id (the admin has one partition), or the
/// client address when anonymous; the source is the route's <c>{source}</c> (unknown names share one bucket,
/// so made-up names cannot multiply partitions). Health (the summary included, which a dashboard polls), the
/// OpenAPI document and signed webhooks are not limited here. Runs after authentication, so a key's quota is its own.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RequestRateLimiter limiter, SourceCatalog catalog)
{
    private const string NoSource = "*";

    /// <summary>Not async while the window answers at once (always, without Redis): no state machine per request.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var policy = context.AccessPolicyOf();
        if (policy is AccessPolicy.Public or AccessPolicy.Signed or AccessPolicy.ClientOrAdmin)
        {
            return next(context);
        }
        var identity = SourceAccess.IdentityOf(context);
        var partition = identity?.Partition ?? "ip:" + ClientAddress.Of(context);
        var source = context.Request.RouteValues["source"] is string name && catalog.TryGet(name, out _) ? name : NoSource;
        var pending = limiter.AcquireAsync(partition, source);
        return pending.IsCompletedSuccessfully ? Continue(context, pending.Result, source) : AwaitAsync(context, pending, source);
    }

    private async Task AwaitAsync(HttpContext context, ValueTask<RateLimitDecision?> pending, string source) =>
        await Continue(context, await pending, source);

    private Task Continue(HttpContext context, RateLimitDecision? result, string source)
    {
        if (result is not { } decision)
        {
            return next(context);
        }
        RateLimitHeaders.Write(context.Response, decision);
        return decision.Allowed ? next(context) : RateLimitHeaders.Rejection(decision, source).ExecuteAsync(context);
    }
}
