using System.Text.Json;
using Udc.Access;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Features.Data;
using Udc.Hosting;
using Udc.Reading;
using Udc.Tools;
using Udc.Tools.Schema;

namespace Udc.Features.Sources;

/// <summary><c>/sources</c>: what can be asked. A model reads this to learn each source's columns and values.</summary>
internal static class SourcesApi
{
    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        // The admin reads them too: the key form sets policies per column, and the admin needs no client key for that.
        app.MapGet("/sources", ListSources).WithAccess(AccessPolicy.ClientOrAdmin).CacheResponses(CacheKind.SourceList);
        app.MapGet("/sources/{source}", DescribeSource).WithAccess(AccessPolicy.ClientOrAdmin).RequireSourceAccess().CacheResponses(CacheKind.Source);
        app.MapGet("/sources/{source}/versions", ListVersions).RequireSourceAccess();
        return app;
    }

    /// <summary>
    /// Only the sources the caller's key may read are listed. Files of the data folder that are not served (links out
    /// of it, FIFOs, devices) are listed for callers who may read every source; a key limited to some sources learns
    /// no other file's name.
    /// </summary>
    private static IResult ListSources(HttpContext context, SourceResolver sources, ToolCatalog tools, TimeProvider time)
    {
        var identity = SourceAccess.IdentityOf(context);
        var catalog = sources.Catalog;
        var states = sources.Readable(identity).ToList();
        var refused = identity?.Sources is null ? catalog.RefusedFiles : [];
        var toolSet = tools.For(identity);
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer => SourceWriter.WriteList(writer, states, 0, states.Count, now, metadata =>
        {
            WriteToolTokens(metadata, toolSet);
            if (refused.Count > 0)
            {
                WriteRefused(metadata, refused);
            }
        }));
    }

    /// <summary>
    /// What the tool list (names, descriptions, schemas) costs a model's context for this caller, per dialect, so an
    /// operator sees what each model call carries before any question is asked.
    /// </summary>
    private static void WriteToolTokens(Utf8JsonWriter writer, ToolSet set)
    {
        writer.WriteStartObject("tool_schema_tokens"u8);
        foreach (var profile in SchemaProfiles.All)
        {
            writer.WriteNumber(profile.WireName(), set.TokensFor(profile));
        }
        writer.WriteEndObject();
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

    /// <summary>Not cached: a version's number is this process's own, and the list changes with every reload.</summary>
    private static IResult ListVersions(string source, HttpContext context, SourceResolver sources)
    {
        if (!sources.TryFind(source, SourceAccess.IdentityOf(context), DataApi.SourceLocation, out var state, out var error))
        {
            return ApiError.From(error);
        }
        if (SourceAccess.IdentityOf(context)?.Policy is not null)
        {
            return ApiError.Create(StatusCodes.Status403Forbidden, ErrorCodes.PolicyNotApplicable,
                "The version history counts every row of a source, so a caller under a row or column policy is not shown it; version= and as_of= still read through the policy.",
                [new Engine.Query.ValidationIssue(DataApi.SourceLocation, "not shown under a row or column policy", "permission_error")]);
        }
        if (context.Request.Query.Count > 0)
        {
            return ApiError.Validation([.. context.Request.Query.Keys.Select(k => Engine.Query.ValidationIssue.Query(k, "this route takes no parameters", "extra_forbidden"))]);
        }
        var history = sources.History!;
        var versions = history.VersionsOf(state.Name);
        return new JsonResponse(StatusCodes.Status200OK, writer => VersionsResponse.Write(writer, state.Name, versions, history, 0, versions.Count, null));
    }

    /// <summary>A source that failed to load is still described, with its error.</summary>
    private static IResult DescribeSource(string source, HttpContext context, SourceResolver sources, TimeProvider time)
    {
        if (!sources.TryFind(source, SourceAccess.IdentityOf(context), DataApi.SourceLocation, out var state, out var error))
        {
            return ApiError.From(error);
        }
        var now = time.GetUtcNow();
        var columns = SourceWriter.ColumnsOf(state).Count;
        return new JsonResponse(StatusCodes.Status200OK, writer => SourceWriter.WriteDescription(writer, state, 0, columns, now, extraMetadata: null, withMemory: true));
    }
}
