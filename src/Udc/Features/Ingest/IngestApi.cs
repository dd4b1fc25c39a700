using System.Globalization;
using Udc.Access;
using Udc.Engine.Query;
using Udc.Hosting;
using Udc.Ingestion;

namespace Udc.Features.Ingest;

/// <summary>
/// <c>GET /stats</c> (every connector: totals, last run, recent runs, drift, rejected rows), <c>GET /ingest/runs/{id}</c>
/// and <c>POST /ingest/{connector}/run</c> (admin). A client key restricted to some sources sees only those connectors.
/// </summary>
internal static class IngestApi
{
    /// <summary>The seed's default of 5 recent runs; 100 bounds the answer.</summary>
    public const int DefaultRunLimit = 5;

    public const int MaxRunLimit = 100;

    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stats", Stats).WithAccess(AccessPolicy.ClientOrAdmin);
        app.MapGet("/ingest/runs/{id}", Run).WithAccess(AccessPolicy.ClientOrAdmin);
        app.MapPost("/ingest/{connector}/run", StartRun).WithAccess(AccessPolicy.Admin);
        return app;
    }

    private static IResult Stats(HttpContext context, IngestService ingestion, TimeProvider time)
    {
        var query = context.Request.Query;
        foreach (var name in query.Keys)
        {
            if (name != "limit")
            {
                return ApiError.Validation([ValidationIssue.Query(name, "unknown parameter; valid: limit")]);
            }
        }
        var limit = DefaultRunLimit;
        if (query.TryGetValue("limit", out var values)
            && (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxRunLimit))
        {
            return ApiError.Validation([ValidationIssue.Query("limit", $"must be a whole number from 1 to {MaxRunLimit}")]);
        }
        var restricted = SourceAccess.IdentityOf(context)?.Sources is not null;
        var connectors = ingestion.Connectors.Where(c => SourceAccess.CanRead(context, c.Name)).ToList();
        return new JsonResponse(StatusCodes.Status200OK, writer => StatsWriter.Write(writer, ingestion, connectors, restricted, limit, time.GetUtcNow()));
    }

    private static IResult Run(HttpContext context, string id, IngestService ingestion)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var runId) || runId < 1)
        {
            return ApiError.Validation([new ValidationIssue(["path", "id"], "must be a run id, a whole number from 1", "type_error")]);
        }
        // A run of a connector the key may not read is as unknown as a run that does not exist.
        if (ingestion.Store.FindRun(runId) is not { } run || !SourceAccess.CanRead(context, run.Connector))
        {
            return ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.RunNotFound, $"No ingestion run {runId}.");
        }
        return new JsonResponse(StatusCodes.Status200OK, writer => StatsWriter.WriteRun(writer, run));
    }

    private static IResult StartRun(string connector, IngestService ingestion)
    {
        if (!ingestion.TryGet(connector, out _))
        {
            var known = string.Join(", ", ingestion.Connectors.Select(c => c.Name));
            var problem = ingestion.Problems.FirstOrDefault(p => p.Connector == connector);
            return ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.UnknownConnector,
                problem is null ? $"Unknown connector '{TextClip.Clip(connector, 64)}'. Connectors: {known}." : $"Connector '{connector}' is not running: {problem.Message}",
                [new ValidationIssue(["path", "connector"], $"valid connectors: {known}", "enum")]);
        }
        if (ingestion.RequestRun(connector, out var running) is not { } runId)
        {
            return ApiError.Create(StatusCodes.Status409Conflict, ErrorCodes.RunInProgress,
                $"Connector '{connector}' is running already{(running is { } r ? $" (run {r})" : "")}; one run per connector at a time.");
        }
        return new JsonResponse(StatusCodes.Status202Accepted, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("run_id"u8, runId);
            writer.WriteString("connector"u8, connector);
            writer.WriteString("status"u8, "queued");
            writer.WriteString("run_url"u8, $"/ingest/runs/{runId}");
            writer.WriteEndObject();
        });
    }
}
