namespace Udc.Hosting;

/// <summary>
/// Headers every response carries. UDC serves JSON to programs, never pages to browsers, so the strictest
/// settings cost nothing: no sniffing, no framing, no referrer, no scripts, and no caching by shared caches
/// (responses depend on the caller's key; cacheable ones say <c>private, no-cache</c> themselves).
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string NoSniff = "nosniff";
    private const string NoFraming = "DENY";
    private const string DefaultContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string NoReferrer = "no-referrer";
    private const string SameOrigin = "same-origin";

    /// <summary>
    /// The headers of every response, for <see cref="EnvelopeRejectionWriter"/>, which writes the requests Kestrel
    /// refuses itself as raw bytes. The same values as below, where typed setters keep the hot path fast.
    /// </summary>
    public static readonly (string Name, string Value)[] Headers =
    [
        ("X-Content-Type-Options", NoSniff),
        ("X-Frame-Options", NoFraming),
        ("Content-Security-Policy", DefaultContentSecurityPolicy),
        ("Referrer-Policy", NoReferrer),
        ("Cross-Origin-Resource-Policy", SameOrigin),
    ];

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            var headers = response.Headers;
            headers.XContentTypeOptions = NoSniff;
            headers.XFrameOptions = NoFraming;
            // The web UI sets its own policy (its scripts and styles); every other response allows nothing.
            if (headers.ContentSecurityPolicy.Count == 0)
            {
                headers.ContentSecurityPolicy = DefaultContentSecurityPolicy;
            }
            headers["Referrer-Policy"] = NoReferrer;
            headers["Cross-Origin-Resource-Policy"] = SameOrigin;
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
