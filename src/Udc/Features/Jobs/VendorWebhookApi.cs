using System.Text.Json;
using Udc.Access;
using Udc.Engine.Query;
using Udc.Hosting;
using Udc.Jobs;
using Udc.RateLimiting;
using Udc.Webhooks;

namespace Udc.Features.Jobs;

/// <summary>
/// <c>POST /vendor-webhook/{vendor}</c>: an async vendor's result, signed (Standard Webhooks) with that vendor's own
/// secret. Body: <c>{"job_id": "...", "data": {...}}</c>, or <c>{"job_id": "...", "error": "..."}</c> when the vendor
/// failed. Accepted once per job: a repeat is answered 200 <c>duplicate</c>; a job unknown, of another vendor, or
/// finished otherwise (cancelled, timed out) is refused.
/// </summary>
internal static class VendorWebhookApi
{
    public static IEndpointRouteBuilder MapVendorWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/vendor-webhook/{vendor}", ReceiveAsync).WithAccess(AccessPolicy.Signed);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(string vendor, HttpContext context, JobSettings settings, JobStore store, JobRunner runner, RequestRateLimiter limiter, TimeProvider time)
    {
        if (!settings.Vendors.TryGetValue(vendor, out var declared) || declared.Mode != VendorMode.Async)
        {
            return ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.UnknownVendor, $"No async vendor '{TextClip.Clip(vendor, 40)}' is configured.");
        }
        var (body, bodyError) = await RequestBody.ReadAsync(context, settings.MaxPayloadBytes * 64);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var headers = context.Request.Headers;
        var check = WebhookSignature.Verify(AdminPaging.Single(headers[WebhookSignature.IdHeader]), AdminPaging.Single(headers[WebhookSignature.TimestampHeader]),
            AdminPaging.Single(headers[WebhookSignature.SignatureHeader]), body, declared.SigningKeys, time.GetUtcNow());
        if (check != SignatureCheck.Valid)
        {
            var decision = await limiter.RecordSignatureFailureAsync(ClientAddress.Of(context));
            if (!decision.Allowed)
            {
                RateLimitHeaders.Write(context.Response, decision);
                return RateLimitHeaders.Rejection(decision, null);
            }
            return ApiError.Create(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidSignature, WebhookSignature.Describe(check));
        }
        if (Read(body!, out var jobId, out var data, out var error) is { } issues)
        {
            return ApiError.Validation(issues);
        }
        var result = data is null ? null : runner.Clean(data, declared.Pii);
        var outcome = store.FinishFromVendor(jobId, vendor, result, error is null ? null : "vendor reported: " + error);
        return outcome switch
        {
            VendorCallbackOutcome.UnknownJob => ApiError.Create(StatusCodes.Status404NotFound, ErrorCodes.JobNotFound, $"No job '{TextClip.Clip(jobId, 64)}' was sent to vendor '{vendor}'."),
            VendorCallbackOutcome.Finished => ApiError.Create(StatusCodes.Status409Conflict, ErrorCodes.JobFinished, $"Job '{jobId}' is already finished ({store.Get(jobId)?.Status}); the result is not taken."),
            _ => new JsonResponse(StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("status"u8, outcome == VendorCallbackOutcome.Completed ? "accepted" : "duplicate");
                writer.WriteString("request_id"u8, jobId);
                writer.WriteEndObject();
            }),
        };
    }

    private static List<ValidationIssue>? Read(byte[] body, out string jobId, out byte[]? data, out string? error)
    {
        jobId = "";
        data = null;
        error = null;
        if (JsonBodyIssue.NotUtf8(body) is { } encoding)
        {
            return [encoding];
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var issues = new List<ValidationIssue>();
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("job_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } given)
            {
                return [new ValidationIssue(["body", "job_id"], "field required: a non-empty string", "missing")];
            }
            jobId = given;
            if (root.TryGetProperty("data", out var result) && result.ValueKind != JsonValueKind.Null)
            {
                data = System.Text.Encoding.UTF8.GetBytes(result.GetRawText());
            }
            else if (root.TryGetProperty("error", out var failure) && failure.ValueKind == JsonValueKind.String)
            {
                error = TextClip.Clip(failure.GetString()!, 1000);
            }
            else
            {
                issues.Add(new ValidationIssue(["body", "data"], "field required: the result (or an 'error' string when the vendor failed)", "missing"));
            }
            return issues.Count > 0 ? issues : null;
        }
        catch (JsonException e)
        {
            return [new ValidationIssue(["body"], $"the body is {JsonBodyIssue.Syntax(e)}", "json_invalid")];
        }
    }
}
