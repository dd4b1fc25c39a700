using Microsoft.Extensions.Primitives;
using Udc.Access;
using Udc.Caching;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Engine.Query.Aggregation;
using Udc.Hosting;

namespace Udc.Features.Data;

/// <summary><c>/data/{source}</c>: pages, NDJSON streams, single records and aggregates, all over the same filters.</summary>
internal static class DataApi
{
    public static IEndpointRouteBuilder MapDataApi(this IEndpointRouteBuilder app)
    {
        // The allow-list filter runs before the cache filter: a cached body is only served to who may read it.
        var data = app.MapGroup("/data").RequireSourceAccess();
        data.MapGet("/{source}", GetPage).CacheResponses(CacheKind.Page);
        data.MapGet("/{source}/aggregate", GetAggregate).CacheResponses(CacheKind.Aggregate);
        data.MapGet("/{source}/{id}", GetRecord).CacheResponses(CacheKind.Record);
        return app;
    }

    private static IResult GetPage(string source, HttpContext context, SourceCatalog catalog, TimeProvider time)
    {
        if (!SourceLookup.TryResolve(catalog, source, out var snapshot, out var error))
        {
            return error;
        }
        var parsed = QueryParser.Parse(snapshot, context.Request.Query);
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

    private static IResult GetAggregate(string source, HttpContext context, SourceCatalog catalog, TimeProvider time)
    {
        if (!SourceLookup.TryResolve(catalog, source, out var snapshot, out var error))
        {
            return error;
        }
        var query = context.Request.Query;
        var parsed = QueryParser.Parse(snapshot, query, AggregateSpec.Parameters);
        var (aggregate, aggregateIssues) = AggregateParser.Parse(snapshot, query);
        if (parsed.Spec is not { } spec || aggregate is null)
        {
            return ApiError.Validation([.. parsed.Issues, .. aggregateIssues]);
        }
        if (spec.Stream || query.ContainsKey(QueryParameters.Page) || query.ContainsKey(QueryParameters.PageSize))
        {
            return ApiError.Validation([ValidationIssue.Query(QueryParameters.Page, "aggregates are not paged or streamed; use limit to bound the number of groups")]);
        }
        var result = Aggregator.Run(snapshot, spec, aggregate);
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer => AggregateResponse.Write(writer, result, now));
    }

    /// <summary>The id is matched like <c>?{id_column}={id}</c>, so it is validated against the column's type.</summary>
    private static IResult GetRecord(string source, string id, SourceCatalog catalog, TimeProvider time)
    {
        if (!SourceLookup.TryResolve(catalog, source, out var snapshot, out var error))
        {
            return error;
        }
        if (snapshot.IdColumn is not { } idColumn)
        {
            return ApiError.Validation([new ValidationIssue(["path", "id"], $"source '{snapshot.Name}' has no id column; filter with query parameters instead", "value_error")]);
        }
        var parsed = QueryParser.Parse(snapshot, [new(idColumn.Name, new StringValues(id)), new(QueryParameters.PageSize, new StringValues("1"))]);
        if (parsed.Spec is not { } spec)
        {
            return ApiError.Validation([.. parsed.Issues.Select(i => i with { Loc = ["path", "id"] })]);
        }
        using var result = QueryExecutor.Execute(snapshot, spec);
        if (result.Rows.IsEmpty)
        {
            return ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.RecordNotFound, $"No {snapshot.Noun.Singular} with {idColumn.Name} {id} in source '{snapshot.Name}'.");
        }
        var row = result.Rows[0];
        var now = time.GetUtcNow();
        return new JsonResponse(StatusCodes.Status200OK, writer => RecordResponse.Write(writer, snapshot, row, now));
    }
}
