using System.Text.Json;
using Udc.Access;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Features.Data;
using Udc.Hosting;

namespace Udc.Features.Sources;

/// <summary><c>/sources</c>: what can be asked. A model reads this to learn each source's columns and values.</summary>
internal static class SourcesApi
{
    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sources", ListSources).CacheResponses(CacheKind.SourceList);
        app.MapGet("/sources/{source}", DescribeSource).RequireSourceAccess().CacheResponses(CacheKind.Source);
        return app;
    }

    /// <summary>Only the sources the caller's key may read are listed.</summary>
    private static IResult ListSources(HttpContext context, SourceCatalog catalog, TimeProvider time)
    {
        var identity = SourceAccess.IdentityOf(context);
        var states = catalog.Sources.Where(s => identity?.CanRead(s.Name) ?? true).ToList();
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer => SourceWriter.WriteList(writer, states, 0, states.Count, now, extraMetadata: null));
    }

    private static IResult DescribeSource(string source, SourceCatalog catalog, TimeProvider time)
    {
        if (!catalog.TryGet(source, out var state))
        {
            // Same error as /data for an unknown name; a failed source is still described, with its error.
            SourceLookup.TryResolve(catalog, source, out _, out var error);
            return error!;
        }
        var now = time.GetUtcNow();
        var columns = SourceWriter.ColumnsOf(state).Count;
        return new JsonResponse(StatusCodes.Status200OK, writer => SourceWriter.WriteDescription(writer, state, 0, columns, now, extraMetadata: null));
    }
}
