using Microsoft.Net.Http.Headers;
using Udc.Hosting;

namespace Udc.Caching;

/// <summary>
/// A rendered JSON body with its validator: 304 without a body when the client already holds it.
/// <c>Cache-Control: private, no-cache</c> lets a client keep the body but makes it ask again each time
/// (responses depend on the caller's key and on time), which is what the ETag makes cheap.
/// </summary>
internal sealed class CachedResult(byte[] body, string etag, string? cacheStatus, CacheCounters counters) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "private, no-cache";
        if (cacheStatus is not null)
        {
            response.Headers["X-Cache"] = cacheStatus;
        }
        if (Matches(context.Request.Headers.IfNoneMatch, etag))
        {
            counters.Revalidated();
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonResponse.ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>If-None-Match uses the weak comparison: <c>W/"x"</c> matches <c>"x"</c>; <c>*</c> matches anything.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }
        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }
        var ours = new EntityTagHeaderValue(etag);
        foreach (var tag in tags)
        {
            if (tag == EntityTagHeaderValue.Any || tag.Compare(ours, useStrongComparison: false))
            {
                return true;
            }
        }
        return false;
    }
}
