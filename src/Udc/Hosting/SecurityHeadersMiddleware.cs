namespace Udc.Hosting;

/// <summary>
/// Headers every response carries. UDC serves JSON to programs, never pages to browsers, so the strictest
/// settings cost nothing: no sniffing, no framing, no referrer, no scripts, and no caching by shared caches
/// (responses depend on the caller's key; cacheable ones say <c>private, no-cache</c> themselves).
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // The web UI sets its own policy (its scripts and styles); every other response allows nothing.
            if (headers.ContentSecurityPolicy.Count == 0)
            {
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (response.HttpContext.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            if (headers.CacheControl.Count == 0)
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
