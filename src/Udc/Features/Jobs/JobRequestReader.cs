using System.Security.Cryptography;
using System.Text.Json;
using Udc.Engine.Query;
using Udc.Hosting;
using Udc.Jobs;

namespace Udc.Features.Jobs;

/// <summary>
/// Reads <c>POST /jobs</c>: any JSON object, sent to the vendor as it is. UDC reads three optional fields of it:
/// <c>vendor</c> (default: the first in <c>UDC_VENDORS</c>), <c>kind</c> (<c>vendor</c>, or <c>export</c>: then the
/// other fields are <c>start_export</c>'s arguments) and <c>callback_url</c>.
/// </summary>
internal static class JobRequestReader
{
    public static (JobRequest? Request, List<ValidationIssue> Issues) Read(byte[] body, string? idempotencyKey, JobSettings settings)
    {
        var issues = new List<ValidationIssue>();
        if (JsonBodyIssue.NotUtf8(body) is { } encoding)
        {
            return (null, [encoding]);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, [new ValidationIssue(["body"], $"the body is {JsonBodyIssue.Syntax(e)}", "json_invalid")]);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, [new ValidationIssue(["body"], "must be a JSON object", "type_error")]);
            }
            var kind = OptionalString(root, "kind", issues) ?? JobKind.Vendor;
            if (kind is not (JobKind.Vendor or JobKind.Export))
            {
                issues.Add(new ValidationIssue(["body", "kind"], $"valid kinds: {JobKind.Vendor}, {JobKind.Export}", "enum"));
            }
            // An export names a source, not a vendor; its other fields are checked by the export starter.
            string? vendor = null;
            if (kind != JobKind.Export)
            {
                vendor = OptionalString(root, "vendor", issues) ?? settings.DefaultVendor;
                if (vendor is null)
                {
                    issues.Add(new ValidationIssue(["body", "vendor"], "no vendor is configured (UDC_VENDORS)", "unknown_vendor"));
                }
                else if (!settings.Vendors.ContainsKey(vendor))
                {
                    issues.Add(new ValidationIssue(["body", "vendor"], $"unknown vendor '{TextClip.Clip(vendor, 40)}'; valid: {string.Join(", ", settings.Vendors.Keys)}", "unknown_vendor"));
                }
            }
            var callback = OptionalString(root, "callback_url", issues);
            if (callback is not null && CallbackIssue(callback, settings) is { } problem)
            {
                issues.Add(new ValidationIssue(["body", "callback_url"], problem, "value_error"));
            }
            if (issues.Count > 0)
            {
                return (null, issues);
            }
            var hash = Convert.ToHexStringLower(SHA256.HashData(body));
            return (new JobRequest(kind, vendor, root.GetRawText(), hash, idempotencyKey, callback), issues);
        }
    }

    private static string? CallbackIssue(string url, JobSettings settings)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "must be an absolute http or https URL";
        }
        if (settings.CallbackKey is null)
        {
            return "callbacks are off: set UDC_JOBS_CALLBACK_SECRET to have them signed";
        }
        return settings.CallbackHosts.Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"host '{uri.IdnHost}' is not in UDC_JOBS_CALLBACK_HOSTS";
    }

    private static string? OptionalString(JsonElement root, string name, List<ValidationIssue> issues)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            issues.Add(new ValidationIssue(["body", name], "must be a non-empty string", "type_error"));
            return null;
        }
        return value.GetString();
    }
}
