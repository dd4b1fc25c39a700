using Udc.Access;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Hosting;

namespace Udc.Features.Cache;

/// <summary><c>POST /cache/invalidate?source=</c>: the admin drops a source's cached responses on every replica.</summary>
internal static class CacheApi
{
    public static IEndpointRouteBuilder MapCacheApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cache/invalidate", InvalidateAsync).WithAccess(AccessPolicy.Admin);
        return app;
    }

    private static async Task<IResult> InvalidateAsync(HttpContext context, CacheInvalidator invalidator, SourceCatalog catalog)
    {
        var query = context.Request.Query;
        foreach (var name in query.Keys)
        {
            if (name != "source")
            {
                return ApiError.Validation([ValidationIssue.Query(name, "unknown parameter; valid: source (omit it to invalidate every source)")]);
            }
        }
        string? source = null;
        if (query.TryGetValue("source", out var values))
        {
            if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            {
                return ApiError.Validation([ValidationIssue.Query("source", "give one source name, or omit it to invalidate every source")]);
            }
            source = values[0]!;
            if (!catalog.TryGet(source, out _))
            {
                var known = string.Join(", ", catalog.Names);
                return ApiError.Create(StatusCodes.Status400BadRequest, ErrorCodes.UnknownSource, $"Unknown data source '{source}'. Available sources: {known}.",
                    [new ValidationIssue(["query", "source"], $"valid sources: {known}", "enum")]);
            }
        }
        var removed = await invalidator.InvalidateAsync(source);
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status"u8, "invalidated");
            writer.WriteString("source"u8, source);
            writer.WriteNumber("entries_removed"u8, removed);
            writer.WriteEndObject();
        });
    }
}
