using Udc.Engine.Catalog;
using Udc.Hosting;
using Udc.Observability;

namespace Udc.Caching;

/// <summary>
/// The endpoint filter that serves and fills the cache. It runs after the access checks (the allow-list
/// filter comes first), so a cached body is never served to a caller who may not read it.
/// </summary>
internal static class ResponseCaching
{
    public static TBuilder CacheResponses<TBuilder>(this TBuilder builder, CacheKind kind)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var cache = http.RequestServices.GetRequiredService<ResponseCache>();
            var catalog = http.RequestServices.GetRequiredService<SourceCatalog>();
            string source = "";
            string? contentTag = null;
            var key = cache.Settings.Enabled ? CacheKeys.For(kind, http, catalog, cache, out source, out contentTag) : null;
            using var query = QueryTelemetry.Start(QueryKindName(kind), http.Request.RouteValues["source"] as string ?? "*");
            if (key is null)
            {
                QueryTelemetry.CacheStatus(query, "off");
                return WithETag(await next(context), cache);
            }
            var (entry, _) = await cache.GetAsync(key, source);
            if (entry is not null)
            {
                QueryTelemetry.CacheStatus(query, "hit");
                return new CachedResult(entry.Body, entry.ETag, "hit", cache.Counters);
            }
            QueryTelemetry.CacheStatus(query, "miss");
            var result = await next(context);
            if (result is not JsonResponse { StatusCode: StatusCodes.Status200OK } json)
            {
                return result;
            }
            var body = json.Render();
            var etag = CachedResponse.ETagOf(body);
            // A reload between the key and the body would file the new body under the old snapshot's key.
            if (CacheKeys.IsCurrent(catalog, source, contentTag))
            {
                cache.Store(key, source, body, etag);
            }
            return new CachedResult(body, etag, "miss", cache.Counters);
        });

    private static string QueryKindName(CacheKind kind) => kind switch
    {
        CacheKind.Page => "page",
        CacheKind.Aggregate => "aggregate",
        CacheKind.Record => "record",
        CacheKind.Source => "describe",
        _ => "sources",
    };

    /// <summary>With the cache off (or a response it does not keep), a 200 still gets its ETag and 304s.</summary>
    private static object? WithETag(object? result, ResponseCache cache)
    {
        if (result is not JsonResponse { StatusCode: StatusCodes.Status200OK } json)
        {
            return result;
        }
        var body = json.Render();
        return new CachedResult(body, CachedResponse.ETagOf(body), null, cache.Counters);
    }
}
