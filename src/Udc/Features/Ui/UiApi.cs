using Microsoft.Net.Http.Headers;
using Udc.Access;
using Udc.Hosting;

namespace Udc.Features.Ui;

/// <summary>
/// <c>/ui</c>: the web UI (data explorer, charts, assistant, keys and status), plain HTML, CSS and JavaScript
/// modules served from the binary. It calls the public API like any client, so it can do nothing a client
/// cannot.
/// </summary>
internal static class UiApi
{
    public const string IndexFile = "index.html";

    public static IEndpointRouteBuilder MapUi(this IEndpointRouteBuilder app)
    {
        // A browser cannot send a key header when it loads a page: the page is public, the data calls it makes are not.
        app.MapGet("/ui", (HttpContext context) => Serve(context, IndexFile)).WithAccess(AccessPolicy.Public);
        app.MapGet("/ui/{file}", (string file, HttpContext context) => Serve(context, file)).WithAccess(AccessPolicy.Public);
        return app;
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (!UiAssets.TryGet(file, out var asset))
        {
            return ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"No UI file named '{Engine.Query.TextClip.Clip(file, 64)}'; the UI starts at /ui.");
        }
        var headers = context.Response.Headers;
        UiSecurityHeaders.Apply(headers);
        headers.ETag = asset.ETag;
        // Revalidated on every load (a 304 is a few bytes), so a new binary's UI shows at once.
        headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.Any(tag => tag == asset.ETag || tag == "*"))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}
