using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Udc.Access;
using Udc.Engine.Catalog;
using Udc.Engine.Query;
using Udc.Hosting;
using Udc.Observability;
using Udc.RateLimiting;
using Udc.Webhooks;

namespace Udc.Features.Webhooks;

/// <summary><c>/webhooks/events</c>: signed events in, and the admin's view of what came in.</summary>
internal static class WebhooksApi
{
    private const int MaxEventTypeLength = 200;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/events", ReceiveAsync).WithAccess(AccessPolicy.Signed);
        app.MapGet("/webhooks/events", List).WithAccess(AccessPolicy.Admin);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, WebhookSettings settings, WebhookProcessor processor, SourceCatalog catalog, RequestRateLimiter limiter, TimeProvider time)
    {
        if (!settings.Enabled)
        {
            return ApiError.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.WebhooksDisabled, "Webhooks are off: set WEBHOOK_SECRET to receive them.");
        }
        // An address blocked for failed client keys may still deliver signed webhooks: the signature is their key.
        var (body, bodyError) = await RequestBody.ReadAsync(context, settings.MaxBodyBytes);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var headers = context.Request.Headers;
        var webhookId = AdminPaging.Single(headers[WebhookSignature.IdHeader]);
        var check = WebhookSignature.Verify(webhookId, AdminPaging.Single(headers[WebhookSignature.TimestampHeader]), AdminPaging.Single(headers[WebhookSignature.SignatureHeader]), body, settings.SigningKeys, time.GetUtcNow());
        if (check == SignatureCheck.Missing && settings.AllowLegacySecret && WebhookSignature.VerifyLegacy(AdminPaging.Single(headers[WebhookSignature.LegacyHeader]), settings.Secrets))
        {
            // The seed's header carries no message id; the body's hash stands in, so a resend is still one event.
            webhookId = webhookId is { Length: > 0 } given && WebhookSignature.IsValidId(given) ? given : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body!));
            check = SignatureCheck.Valid;
        }
        if (check != SignatureCheck.Valid)
        {
            var decision = await limiter.RecordSignatureFailureAsync(ClientAddress.Of(context));
            if (!decision.Allowed)
            {
                RateLimitHeaders.Write(context.Response, decision);
                return RateLimitHeaders.Rejection(decision, null);
            }
            UdcTelemetry.Webhooks.Add(1, new KeyValuePair<string, object?>("outcome", "invalid_signature"));
            return ApiError.Create(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidSignature, WebhookSignature.Describe(check));
        }
        return await AcceptAsync(body!, webhookId!, processor, catalog);
    }

    private static async Task<IResult> AcceptAsync(byte[] body, string webhookId, WebhookProcessor processor, SourceCatalog catalog)
    {
        if (JsonBodyIssue.NotUtf8(body) is { } encoding)
        {
            return ApiError.Validation([encoding]);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return ApiError.Validation([new ValidationIssue(["body"], $"the body is {JsonBodyIssue.Syntax(e)}", "json_invalid")]);
        }
        using (document)
        {
            var root = document.RootElement;
            var issues = new List<ValidationIssue>();
            var source = RequiredString(root, "source", 200, issues);
            var eventType = RequiredString(root, "event_type", MaxEventTypeLength, issues);
            var payload = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("payload", out var given) ? given : default;
            if (payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
            {
                issues.Add(new ValidationIssue(["body", "payload"], "must be a JSON object", "type_error"));
            }
            if (issues.Count > 0)
            {
                return ApiError.Validation(issues);
            }
            if (!catalog.TryGet(source!, out var state))
            {
                var known = string.Join(", ", catalog.Names);
                return ApiError.Create(StatusCodes.Status400BadRequest, ErrorCodes.UnknownSource, $"Unknown data source '{source}'. Available sources: {known}.",
                    [new ValidationIssue(["body", "source"], $"valid sources: {known}", "enum")]);
            }
            var (_, recordIssues) = WebhookPayload.Read(payload, eventType!, state.Snapshot?.IdColumn?.Name);
            if (recordIssues.Count > 0)
            {
                return ApiError.Validation(recordIssues);
            }
            var payloadText = payload.ValueKind == JsonValueKind.Undefined ? "{}" : payload.GetRawText();
            var accepted = await processor.AcceptAsync(webhookId, source!, eventType!, payloadText);
            var status = accepted.Duplicate ? "duplicate" : accepted.Error is null ? "applied" : "stored";
            UdcTelemetry.Webhooks.Add(1, new("outcome", status), new("source", source));
            return new JsonResponse(StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("status"u8, status);
                writer.WriteString("webhook_id"u8, webhookId);
                if (accepted.Event is { } stored)
                {
                    writer.WriteNumber("event_id"u8, stored.EventId);
                }
                writer.WriteString("source"u8, source);
                writer.WriteNumber("upserted"u8, accepted.Outcome?.Upserted ?? 0);
                writer.WriteNumber("deleted"u8, accepted.Outcome?.Deleted ?? 0);
                writer.WriteString("error"u8, accepted.Error);
                writer.WriteEndObject();
            });
        }
    }

    private static IResult List(HttpContext context, WebhookProcessor processor)
    {
        var query = context.Request.Query;
        var issues = new List<ValidationIssue>();
        var (page, pageSize) = AdminPaging.Read(query, ["source", "event_type"], issues);
        if (issues.Count > 0)
        {
            return ApiError.Validation(issues);
        }
        var source = AdminPaging.Single(query["source"]);
        var eventType = AdminPaging.Single(query["event_type"]);
        var (events, total) = processor.Store.List(page, pageSize, source, eventType);
        return new JsonResponse(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data"u8);
            foreach (var stored in events)
            {
                writer.WriteStartObject();
                writer.WriteNumber("event_id"u8, stored.EventId);
                writer.WriteString("webhook_id"u8, stored.WebhookId);
                writer.WriteString("source"u8, stored.Source);
                writer.WriteString("event_type"u8, stored.EventType);
                writer.WritePropertyName("payload"u8);
                writer.WriteRawValue(stored.Payload, skipInputValidation: true);
                writer.WriteString("received_at"u8, stored.ReceivedAt.UtcDateTime);
                if (stored.AppliedAt is { } applied)
                {
                    writer.WriteString("applied_at"u8, applied.UtcDateTime);
                }
                else
                {
                    writer.WriteNull("applied_at"u8);
                }
                writer.WriteString("apply_error"u8, stored.ApplyError);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            AdminPaging.WriteMetadata(writer, total, events.Count, page, pageSize);
            writer.WriteEndObject();
        });
    }

    private static string? RequiredString(JsonElement root, string name, int maxLength, List<ValidationIssue> issues)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            issues.Add(new ValidationIssue(["body", name], "field required: a non-empty string", "missing"));
            return null;
        }
        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            issues.Add(new ValidationIssue(["body", name], $"ensure this value has at most {maxLength} characters", "value_error"));
            return null;
        }
        return text;
    }
}
