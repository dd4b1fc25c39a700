using System.Text;
using System.Text.Json;
using Udc.Webhooks;

namespace Udc.Tests.TestSupport;

/// <summary>Settings and helpers shared by the access, cache and webhook tests.</summary>
internal static class AccessFixture
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    /// <summary>A Standard Webhooks secret: whsec_ + base64 of 24 bytes.</summary>
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static readonly byte[] WebhookKey = Convert.FromBase64String(WebhookSecret["whsec_".Length..]);

    public static Dictionary<string, string> Settings(params (string Name, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["AUTH_ENABLED"] = "true",
            ["ADMIN_API_KEY"] = AdminKey,
            ["WEBHOOK_SECRET"] = WebhookSecret,
            ["RATE_LIMIT_PER_SOURCE"] = "10000",
        };
        foreach (var (name, value) in overrides)
        {
            settings[name] = value;
        }
        return settings;
    }

    public static HttpRequestMessage Admin(HttpMethod method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Admin-Key", AdminKey);
        if (body is string json)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return request;
    }

    /// <summary>Creates a key through the admin API; returns its id and plaintext.</summary>
    public static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient client, string body = """{"name": "test"}""")
    {
        using var response = await client.SendAsync(Admin(HttpMethod.Post, "/auth/api-keys", body), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"creating a key failed: {(int)response.StatusCode} {text}");
        }
        using var document = JsonDocument.Parse(text);
        return (document.RootElement.GetProperty("key_id").GetString()!, document.RootElement.GetProperty("api_key").GetString()!);
    }

    public static HttpRequestMessage WithKey(HttpMethod method, string url, string key)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-API-Key", key);
        return request;
    }

    /// <summary>A webhook request signed the Standard Webhooks way, now.</summary>
    public static HttpRequestMessage SignedWebhook(string webhookId, string body, long? timestamp = null, byte[]? key = null)
    {
        var time = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/events")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", time.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(webhookId, time, Encoding.UTF8.GetBytes(body), key ?? WebhookKey));
        return request;
    }

    public static string UpsertCustomer(int id, string name) =>
        $$$"""{"source": "crm", "event_type": "customer_updated", "payload": {"records": [{"customer_id": {{{id}}}, "name": "{{{name}}}", "status": "active", "created_at": "2024-05-01T00:00:00Z"}]}}""";

    /// <summary><c>/health/summary</c> as the admin reads it: it needs a key once keys are on.</summary>
    public static async Task<JsonDocument> SummaryAsync(HttpClient client)
    {
        using var response = await client.SendAsync(Admin(HttpMethod.Get, "/health/summary"), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await JsonAsync(response);
    }

    public static async Task<JsonDocument> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    public static string ErrorCode(JsonDocument body) => body.RootElement.GetProperty("error").GetProperty("code").GetString()!;
}
