using Udc.Access;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Hosting;
using Udc.Reading;

namespace Udc.Features.Data;

/// <summary><c>/data/{source}</c>: pages, NDJSON streams, single records and aggregates, all over the same filters.</summary>
internal static class DataApi
{
    /// <summary>Page-shaping parameters of /data that an aggregate cannot honour, so they are refused rather than ignored.</summary>
    private static readonly string[] s_notForAggregates = [QueryParameters.Page, QueryParameters.PageSize, QueryParameters.Stream, QueryParameters.Sort, QueryParameters.Fields];

    private static readonly string[] s_recordParameters = [QueryParameters.Fields, QueryParameters.Version, QueryParameters.AsOf];

    /// <summary>Where a source's name is written in every route of this feature.</summary>
    public static readonly string[] SourceLocation = ["path", "source"];

    public static IEndpointRouteBuilder MapDataApi(this IEndpointRouteBuilder app)
    {
        // The allow-list filter runs before the cache filter: a cached body is only served to who may read it.
        var data = app.MapGroup("/data").RequireSourceAccess();
        data.MapGet("/{source}", GetPage).CacheResponses(CacheKind.Page);
        data.MapGet("/{source}/aggregate", GetAggregate).CacheResponses(CacheKind.Aggregate);
        data.MapGet("/{source}/{id}", GetRecord).CacheResponses(CacheKind.Record);
        return app;
    }

    private static IResult GetPage(string source, HttpContext context, SourceResolver sources, TimeProvider time)
    {
        var issues = new List<ValidationIssue>();
        var request = QueryStringRequest.Read(context.Request.Query, null, issues);
        if (!sources.TryResolve(source, SourceAccess.IdentityOf(context), SourceLocation, request, RequestOrigin.QueryString, out var snapshot, out var error))
        {
            return ApiError.From(error);
        }
        var parsed = QueryBinder.Bind(snapshot, request, RequestOrigin.QueryString, issues);
        if (parsed.Spec is not { } spec)
        {
            return ApiError.Validation(parsed.Issues);
        }
        var result = QueryExecutor.Execute(snapshot, spec);
        if (spec.Stream)
        {
            return new NdjsonResponse(result);
        }
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            using (result)
            {
                PageResponse.Write(writer, result, now);
            }
        });
    }

    private static IResult GetAggregate(string source, HttpContext context, SourceResolver sources, AggregationBudget budget, TimeProvider time)
    {
        var query = context.Request.Query;
        var issues = new List<ValidationIssue>();
        var request = QueryStringRequest.Read(query, AggregateSpec.Parameters, issues);
        if (!sources.TryResolve(source, SourceAccess.IdentityOf(context), SourceLocation, request, RequestOrigin.QueryString, out var snapshot, out var error))
        {
            return ApiError.From(error);
        }
        var aggregateRequest = QueryStringRequest.ReadAggregate(query, issues);
        var parsed = QueryBinder.Bind(snapshot, request, RequestOrigin.QueryString, issues);
        var (aggregate, aggregateIssues) = AggregateBinder.Bind(snapshot, aggregateRequest, RequestOrigin.QueryString);
        if (parsed.Spec is not { } spec || aggregate is null)
        {
            return ApiError.Validation([.. parsed.Issues, .. aggregateIssues]);
        }
        var notForAggregates = s_notForAggregates.Where(query.ContainsKey).ToList();
        if (notForAggregates.Count > 0)
        {
            return ApiError.Validation([.. notForAggregates.Select(name => ValidationIssue.Query(name,
                $"{name} does not apply to aggregates: groups come largest first and every group is returned up to limit", "extra_forbidden"))]);
        }
        var result = Aggregator.Run(snapshot, spec, aggregate, budget);
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer => AggregateResponse.Write(writer, result, now));
    }

    /// <summary>The id is one value of the id column's type; <c>fields</c> projects the record.</summary>
    private static IResult GetRecord(string source, string id, HttpContext context, SourceResolver sources, TimeProvider time)
    {
        var query = context.Request.Query;
        var issues = new List<ValidationIssue>(query.Where(p => !s_recordParameters.Contains(p.Key))
            .Select(p => RequestOrigin.QueryString.Parameter(p.Key, $"a record lookup takes only {string.Join(", ", s_recordParameters)}", "extra_forbidden")));
        var request = QueryStringRequest.Read(query.Where(p => s_recordParameters.Contains(p.Key)), null, issues);
        if (issues.Count > 0)
        {
            return ApiError.Validation(issues);
        }
        if (!sources.TryResolve(source, SourceAccess.IdentityOf(context), SourceLocation, request, RequestOrigin.QueryString, out var snapshot, out var error))
        {
            return ApiError.From(error);
        }
        var fieldNames = request.Fields;
        var row = RecordLookup.Find(snapshot, id, fieldNames, RequestOrigin.QueryString, ["path", "id"], out var fields, out var lookupIssues, out var holder);
        if (lookupIssues.Count > 0)
        {
            return ApiError.Validation(lookupIssues);
        }
        if (row < 0)
        {
            return ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.RecordNotFound, RecordLookup.NotFoundMessage(snapshot, id));
        }
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer => RecordResponse.Write(writer, holder, fields, row, now));
    }
}
