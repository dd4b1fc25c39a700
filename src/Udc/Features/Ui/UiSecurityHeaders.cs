namespace Udc.Features.Ui;

/// <summary>
/// The headers of the UI's own responses. Scripts and styles come only from /ui files (no inline script or
/// style, no eval), requests go only to this server, and no other site may frame the page.
/// </summary>
internal static class UiSecurityHeaders
{
    /// <summary>
    /// <c>img-src data:</c> is for the SVG icons of form controls; <c>blob:</c> is absent: downloads are started
    /// by navigating to an object URL, which CSP does not govern.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
    }
}
