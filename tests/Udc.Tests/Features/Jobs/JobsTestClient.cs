using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Tests.TestSupport;
using Udc.Webhooks;

namespace Udc.Tests.Features.Jobs;

/// <summary>What job tests do over HTTP: post a job, poll it to a status, sign a vendor's callback.</summary>
internal static class JobsTestClient
{
    public const string AdminKey = "admin-key-of-at-least-16-chars";
    public const string VendorSecret = "vendor-secret-of-32-bytes-length";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostJobAsync(HttpClient client, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/jobs") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        var response = await client.SendAsync(request, Token);
        return (response.StatusCode, await TestJson.ReadAsync(response), response);
    }

    public static async Task<string> StartAsync(HttpClient client, string json = """{"user_id":12345,"query":"get_user_data"}""")
    {
        var (status, body, _) = await PostJobAsync(client, json);
        Assert.Equal(HttpStatusCode.Accepted, status);
        return body.GetProperty("request_id").GetString()!;
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/jobs/{id}", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestJson.ReadAsync(response);
    }

    /// <summary>Polls the job (the API a client uses) until it reaches <paramref name="status"/>; fails after 30 s.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string id, string status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = await GetAsync(client, id);
            if (job.GetProperty("status").GetString() == status)
            {
                return job;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"job {id} is {job.GetProperty("status")} after 30 s, not {status}: {job}");
            }
            await Task.Delay(20, Token);
        }
    }

    /// <summary>A vendor's callback, signed with <paramref name="secret"/> as Standard Webhooks prescribes.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> CallBackAsync(HttpClient client, string vendor, string json, string secret = VendorSecret, string? messageId = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var id = messageId ?? "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/vendor-webhook/{vendor}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.IdHeader, id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(id, timestamp, body, Encoding.UTF8.GetBytes(secret)));
        using var response = await client.SendAsync(request, Token);
        return (response.StatusCode, await TestJson.ReadAsync(response));
    }

    /// <summary>Settings for a sync vendor <c>acme</c> and an async vendor <c>later</c>, both served by <paramref name="vendor"/>.</summary>
    public static Dictionary<string, string> Settings(FakeVendor vendor, params (string Name, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["ADMIN_API_KEY"] = AdminKey,
            ["UDC_VENDORS"] = "acme,later",
            ["UDC_VENDOR_ACME_URL"] = vendor.BaseAddress + "sync",
            ["UDC_VENDOR_LATER_URL"] = vendor.BaseAddress + "async",
            ["UDC_VENDOR_LATER_MODE"] = "async",
            ["UDC_VENDOR_LATER_SECRET"] = VendorSecret,
            ["UDC_WORK_POLL_MS"] = "50",
        };
        foreach (var (name, value) in extra)
        {
            settings[name] = value;
        }
        return settings;
    }
}
