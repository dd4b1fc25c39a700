using System.Text.Json;
using Udc.Access;
using Udc.Engine.Query;
using Udc.Features.Export;
using Udc.Hosting;
using Udc.Jobs;
using Udc.RateLimiting;
using Udc.Tools;

namespace Udc.Features.Jobs;

/// <summary>
/// <c>/jobs</c>: start a job and get its <c>request_id</c> at once (stored before the answer), poll it, cancel it;
/// the admin lists them. A client key sees only the jobs it made.
/// </summary>
internal static class JobsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Stripe's bound: a key is a UUID or similar, never a document.</summary>
    private const int MaxIdempotencyKeyLength = 255;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/jobs", CreateAsync);
        app.MapGet("/jobs", List).WithAccess(AccessPolicy.Admin);
        app.MapGet("/jobs/{id}", Get).WithAccess(AccessPolicy.ClientOrAdmin);
        app.MapDelete("/jobs/{id}", Cancel).WithAccess(AccessPolicy.ClientOrAdmin);
        // The signed link is the credential: it can be opened in a browser or handed to a spreadsheet tool.
        app.MapGet("/jobs/{id}/download", Download).WithAccess(AccessPolicy.Public);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, JobStore store, JobSettings settings, ExportJobStarter exports)
    {
        var (body, bodyError) = await RequestBody.ReadAsync(context, settings.MaxPayloadBytes);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var key = AdminPaging.Single(context.Request.Headers[IdempotencyHeader]);
        var (request, issues) = JobRequestReader.Read(body!, key, settings);
        if (key is { Length: > MaxIdempotencyKeyLength })
        {
            issues.Add(new ValidationIssue(["header", IdempotencyHeader], $"ensure this value has at most {MaxIdempotencyKeyLength} characters", "value_error"));
        }
        if (request is null || issues.Count > 0)
        {
            return issues is [{ Type: "unknown_vendor" } unknown]
                ? ApiError.Create(StatusCodes.Status400BadRequest, ErrorCodes.UnknownVendor, unknown.Msg, issues)
                : ApiError.Validation(issues);
        }
        var identity = SourceAccess.IdentityOf(context);
        Job? job;
        bool created;
        if (request.Kind == JobKind.Export)
        {
            var started = await exports.StartAsync(ExportArguments(request.Payload), identity, identity?.Partition ?? "ip:" + ClientAddress.Of(context), key, request.CallbackUrl);
            if (Refusal(context, started) is { } refusal)
            {
                return refusal;
            }
            (job, created) = (started.Job, started.Created);
        }
        else
        {
            (job, created) = await store.CreateAsync(request, JobStore.ClientOf(identity));
        }
        if (job is null)
        {
            return ApiError.Create(StatusCodes.Status409Conflict, ErrorCodes.IdempotencyKeyReused,
                $"The {IdempotencyHeader} '{key}' was used for a different request; use a new key for a new job.");
        }
        context.Response.Headers.Location = $"/jobs/{job.Id}";
        if (!created)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }
        return new JsonResponse(created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("request_id"u8, job.Id);
            writer.WriteString("status"u8, job.Status);
            writer.WriteString("status_url"u8, $"/jobs/{job.Id}");
            writer.WriteEndObject();
        });
    }

    /// <summary>An export job's fields as <c>start_export</c>'s arguments: all but <c>kind</c> and <c>callback_url</c>, which are the job's.</summary>
    private static Dictionary<string, JsonElement> ExportArguments(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.EnumerateObject()
            .Where(p => p.Name is not ("kind" or "callback_url"))
            .ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary>Why an export was not started, as HTTP: argument issues located in the body, a refused read, a rate limit.</summary>
    private static IResult? Refusal(HttpContext context, ExportStart started)
    {
        if (started.Error is { } error)
        {
            return ApiError.From(error with { Details = [.. error.Details.Select(InBody)] });
        }
        if (started.Rejected is { } rejected)
        {
            RateLimitHeaders.Write(context.Response, rejected);
            return RateLimitHeaders.Rejection(rejected, started.Source);
        }
        return started.Job is null && !started.KeyReused ? ApiError.Validation([.. started.Issues.Select(InBody)]) : null;
    }

    /// <summary>The tool reader places an issue under <c>arguments</c>; in a request it is a field of the body.</summary>
    private static ValidationIssue InBody(ValidationIssue issue) =>
        issue.Loc.Count > 0 && issue.Loc[0] == ToolNames.Arguments ? issue with { Loc = ["body", .. issue.Loc.Skip(1)] } : issue;

    private static IResult Get(string id, HttpContext context, JobStore store) =>
        Visible(store.Get(id), context) is { } job ? new JsonResponse(StatusCodes.Status200OK, writer => JobWriter.Write(writer, job)) : NotFound(id);

    private static IResult Download(string id, HttpContext context, JobStore store, DownloadLinks links, ExportFiles files, TimeProvider time)
    {
        var query = context.Request.Query;
        switch (links.Check(id, AdminPaging.Single(query["expires"]), AdminPaging.Single(query["signature"]), time.GetUtcNow()))
        {
            case DownloadCheck.Invalid:
                return ApiError.Create(StatusCodes.Status403Forbidden, ErrorCodes.DownloadLinkInvalid, "This download link is not valid: use the download_url of a finished export, unchanged.");
            case DownloadCheck.Expired:
                return ApiError.Create(StatusCodes.Status410Gone, ErrorCodes.DownloadLinkExpired, "This download link has expired: start the export again.");
        }
        if (files.Find(id) is not { } path || store.Get(id) is not { Status: JobStatus.Complete } job)
        {
            return NotFound(id);
        }
        var format = path.EndsWith(".xlsx", StringComparison.Ordinal) ? ExportFormat.Xlsx : ExportFormat.Csv;
        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.PhysicalFile(path, format.ContentType(), FileNameOf(job) ?? $"{id}.{format.Extension()}");
    }

    /// <summary>The name the export's result gives its file (the source and the time, as <c>/export</c> names it).</summary>
    private static string? FileNameOf(Job job)
    {
        using var result = JsonDocument.Parse(job.Result ?? "null");
        return result.RootElement.ValueKind == JsonValueKind.Object && result.RootElement.TryGetProperty("file_name"u8, out var name) ? name.GetString() : null;
    }

    private static IResult Cancel(string id, HttpContext context, JobStore store)
    {
        if (Visible(store.Get(id), context) is null)
        {
            return NotFound(id);
        }
        var (job, changed) = store.Cancel(id);
        if (job is null)
        {
            return NotFound(id);
        }
        return changed
            ? new JsonResponse(StatusCodes.Status200OK, writer => JobWriter.Write(writer, job))
            : ApiError.Create(StatusCodes.Status409Conflict, ErrorCodes.JobFinished, $"Job '{id}' is already {job.Status}; only a queued, running or waiting job can be cancelled.");
    }

    private static IResult List(HttpContext context, JobStore store)
    {
        var query = context.Request.Query;
        var issues = new List<ValidationIssue>();
        var (page, pageSize) = AdminPaging.Read(query, ["status", "vendor", "kind"], issues);
        var status = AdminPaging.Single(query["status"]);
        if (status is not null && !JobStatus.All.Contains(status))
        {
            issues.Add(ValidationIssue.Query("status", $"valid statuses: {string.Join(", ", JobStatus.All)}", "enum"));
        }
        if (issues.Count > 0)
        {
            return ApiError.Validation(issues);
        }
        var (jobs, total) = store.List(status, AdminPaging.Single(query["vendor"]), AdminPaging.Single(query["kind"]), page, pageSize);
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data"u8);
            foreach (var job in jobs)
            {
                JobWriter.Write(writer, job);
            }
            writer.WriteEndArray();
            AdminPaging.WriteMetadata(writer, total, jobs.Count, page, pageSize);
            writer.WriteEndObject();
        });
    }

    private static Job? Visible(Job? job, HttpContext context) => JobStore.VisibleTo(job, SourceAccess.IdentityOf(context));

    private static JsonResponse NotFound(string id) =>
        ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.JobNotFound, $"No job '{TextClip.Clip(id, 64)}'.");
}
