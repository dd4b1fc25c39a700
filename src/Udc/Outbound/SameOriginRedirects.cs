using System.Net;

namespace Udc.Outbound;

/// <summary>
/// Follows a redirect only within the origin (scheme, host and port) the request was first sent to. The .NET
/// handler would follow a 307 to any host and send the body again, with every header but <c>Authorization</c>:
/// a provider key in <c>x-api-key</c> and the whole conversation would go to whoever the first server names.
/// A redirect to another origin is handed back to the caller as the 3xx it is, and logged.
/// </summary>
internal sealed partial class SameOriginRedirects(ILogger<SameOriginRedirects> logger) : DelegatingHandler
{
    /// <summary>Five hops covers a trailing slash and an http-to-https move within a site; more is a loop.</summary>
    public const int MaxRedirects = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = request.RequestUri!;
        for (var hop = 0; ; hop++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Target(response, request.RequestUri!) is not { } target || hop == MaxRedirects)
            {
                return response;
            }
            if (!IsSameOrigin(origin, target))
            {
                LogRefused(logger, Origin(origin), Origin(target), (int)response.StatusCode);
                return response;
            }
            response.Dispose();
            request.RequestUri = target;
            // 301 and 302 after a POST, and 303 always, continue as a GET without the body (RFC 9110 15.4);
            // 307 and 308 repeat the request as it was.
            if (response.StatusCode == HttpStatusCode.SeeOther && request.Method != HttpMethod.Head
                || response.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && request.Method == HttpMethod.Post)
            {
                request.Method = HttpMethod.Get;
                request.Content = null;
            }
        }
    }

    /// <summary>The absolute URL a redirect points at, or null when the response is not a redirect to follow.</summary>
    private static Uri? Target(HttpResponseMessage response, Uri requested)
    {
        if (response.StatusCode is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect) || response.Headers.Location is not { } location)
        {
            return null;
        }
        return location.IsAbsoluteUri ? location : new Uri(requested, location);
    }

    public static bool IsSameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>Only the origin is logged: a path or query string can carry a key.</summary>
    public static string Origin(Uri uri) => uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Authority) : "(relative)";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Status} redirect from {From} to another origin, {To}: outbound calls never leave the origin they were sent to")]
    private static partial void LogRefused(ILogger logger, string from, string to, int status);
}
