using Udc.Engine.Catalog;
using Udc.Features.Data;
using Udc.Hosting;

namespace Udc.Features.Sources;

/// <summary><c>/sources</c>: what can be asked. A model reads this to learn each source's columns and values.</summary>
internal static class SourcesApi
{
    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sources", ListSources);
        app.MapGet("/sources/{source}", DescribeSource);
        return app;
    }

    private static IResult ListSources(SourceCatalog catalog, TimeProvider time)
    {
        var states = catalog.Sources.ToList();
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
