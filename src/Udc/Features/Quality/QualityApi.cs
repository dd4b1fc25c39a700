using Udc.Access;
using Udc.Caching;
using Udc.Engine.Quality;
using Udc.Features.Data;
using Udc.Hosting;
using Udc.Reading;

namespace Udc.Features.Quality;

/// <summary><c>/quality</c>: every readable source's quality score and worst findings; <c>/quality/{source}</c>: one report in full.</summary>
internal static class QualityApi
{
    public static IEndpointRouteBuilder MapQualityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/quality", Overview).CacheResponses(CacheKind.SourceList);
        app.MapGet("/quality/{source}", Report).RequireSourceAccess().CacheResponses(CacheKind.Quality);
        return app;
    }

    private static IResult Overview(HttpContext context, SourceResolver sources, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var reports = sources.Readable(SourceAccess.IdentityOf(context))
            // A database source's rows are not held here to check; its own report says so.
            .Select(state => (state, state.Snapshot is { Pushdown: null } snapshot ? QualityChecker.Check(snapshot, now) : null))
            .ToList();
        return new JsonResponse(StatusCodes.Status200OK, writer => QualityResponse.WriteOverview(writer, reports, now));
    }

    private static IResult Report(string source, HttpContext context, SourceResolver sources, TimeProvider time)
    {
        var issues = new List<Engine.Query.ValidationIssue>();
        var request = QueryStringRequest.Read(context.Request.Query, null, issues);
        issues.AddRange(request.Filters.Select(f => Engine.Query.ValidationIssue.Query(f.Key, "a quality report takes only version or as_of", "extra_forbidden")));
        if (issues.Count > 0)
        {
            return ApiError.Validation(issues);
        }
        if (!sources.TryResolve(source, SourceAccess.IdentityOf(context), DataApi.SourceLocation, request, Engine.Query.RequestOrigin.QueryString, out var snapshot, out var error))
        {
            return ApiError.From(error);
        }
        var now = time.GetUtcNow();
        var report = QualityChecker.Check(snapshot, now);
        return new JsonResponse(StatusCodes.Status200OK, writer => QualityResponse.WriteSource(writer, snapshot, report, 0, report.Columns.Count, now, null));
    }
}
