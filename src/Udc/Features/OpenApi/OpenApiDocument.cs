using Udc.Access;
using Udc.Hosting;

namespace Udc.Features.OpenApi;

/// <summary>
/// Serves the OpenAPI document, kept by hand beside the code as <c>openapi.json</c> and embedded in the
/// binary. A test checks that every mapped route is in it, so it cannot drift from the endpoints.
/// </summary>
internal static class OpenApiDocument
{
    private static readonly Lazy<byte[]> s_document = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Udc.openapi.json")
            ?? throw new InvalidOperationException("the OpenAPI document is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static byte[] Bytes => s_document.Value;

    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapGet("/openapi.json", () => Results.Bytes(Bytes, JsonResponse.ContentType)).WithAccess(AccessPolicy.Public);
        return app;
    }
}
