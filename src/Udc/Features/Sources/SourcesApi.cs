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

    /// <summary>
    /// Only the sources the caller's key may read are listed. Files of the data folder that are not served (links out
    /// of it, FIFOs, devices) are listed for callers who may read every source; a key limited to some sources learns
    /// no other file's name.
    /// </summary>
    private static IResult ListSources(HttpContext context, SourceCatalog catalog, TimeProvider time)
    {
        var identity = SourceAccess.IdentityOf(context);
        var states = catalog.Sources.Where(s => identity?.CanRead(s.Name) ?? true).ToList();
        var refused = identity?.Sources is null ? catalog.RefusedFiles : [];
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer => SourceWriter.WriteList(writer, states, 0, states.Count, now, refused.Count == 0 ? null : w => WriteRefused(w, refused)));
    }

    private static void WriteRefused(Utf8JsonWriter writer, IReadOnlyList<RefusedFile> refused)
    {
        writer.WriteStartArray("refused_files"u8);
        foreach (var file in refused)
        {
            writer.WriteStartObject();
            writer.WriteString("file"u8, file.FileName);
            writer.WriteString("reason"u8, file.Reason);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
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
        return new JsonResponse(StatusCodes.Status200OK, writer => SourceWriter.WriteDescription(writer, state, 0, columns, now, extraMetadata: null, withMemory: true));
    }
}
