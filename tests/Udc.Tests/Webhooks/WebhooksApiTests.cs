using System.Net;
using System.Text;
using System.Text.Json;
using Udc.Tests.TestSupport;

namespace Udc.Tests.Webhooks;

public sealed class WebhooksApiTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Settings(params (string, string)[] extra) => AccessFixture.Settings([("AUTH_ENABLED", "false"), .. extra]);

    private static async Task<JsonDocument> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await client.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private static async Task<int> TotalAsync(HttpClient client, string url)
    {
        using var body = JsonDocument.Parse(await client.GetStringAsync(url, Token));
        return body.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32();
    }

    [Fact]
    public async Task Upsert_NewRecord_IsQueryableAtOnce()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        using var accepted = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_1", AccessFixture.UpsertCustomer(1001, "Webhook Person")), HttpStatusCode.OK);
        Assert.Equal("applied", accepted.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, accepted.RootElement.GetProperty("upserted").GetInt32());
        Assert.Equal(51, await TotalAsync(server.Client, "/data/crm"));
        Assert.Contains("Webhook Person", await server.Client.GetStringAsync("/data/crm/1001", Token));
    }

    [Fact]
    public async Task Redelivery_SameWebhookId_AcknowledgedButAppliedOnce()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        var body = AccessFixture.UpsertCustomer(1002, "Once");
        (await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_dup", body), HttpStatusCode.OK)).Dispose();
        using var again = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_dup", body), HttpStatusCode.OK);
        Assert.Equal("duplicate", again.RootElement.GetProperty("status").GetString());
        using var events = JsonDocument.Parse(await (await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/webhooks/events"), Token)).Content.ReadAsStringAsync(Token));
        Assert.Equal(1, events.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32());
        Assert.Equal(51, await TotalAsync(server.Client, "/data/crm"));
    }

    [Fact]
    public async Task Delete_ByEventTypeOrOperation_RemovesRecords()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        (await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_del1", """{"source": "crm", "event_type": "customer_deleted", "payload": {"records": [{"customer_id": 1}]}}"""), HttpStatusCode.OK)).Dispose();
        (await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_del2", """{"source": "crm", "event_type": "sync", "payload": {"operation": "delete", "records": [{"customer_id": 2}, {"customer_id": 3}]}}"""), HttpStatusCode.OK)).Dispose();
        Assert.Equal(47, await TotalAsync(server.Client, "/data/crm"));
        using var missing = await server.Client.GetAsync("/data/crm/1", Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task NoRecords_OnlyInvalidates()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        using var accepted = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_seed", """{"source": "crm", "event_type": "customer_updated", "payload": {"customer_id": 123}}"""), HttpStatusCode.OK);
        Assert.Equal(0, accepted.RootElement.GetProperty("upserted").GetInt32());
        Assert.Equal(50, await TotalAsync(server.Client, "/data/crm"));
    }

    public static TheoryData<string, int, string> BadBodies() => new()
    {
        { "not json", 422, "VALIDATION_ERROR" },
        { """{"event_type": "x", "payload": {}}""", 422, "VALIDATION_ERROR" },
        { """{"source": "crm", "payload": {}}""", 422, "VALIDATION_ERROR" },
        { """{"source": "crm", "event_type": "x", "payload": []}""", 422, "VALIDATION_ERROR" },
        { """{"source": "crm", "event_type": "x", "payload": {"records": {}}}""", 422, "VALIDATION_ERROR" },
        { """{"source": "crm", "event_type": "x", "payload": {"records": [{"name": "no id"}]}}""", 422, "VALIDATION_ERROR" },
        { """{"source": "crm", "event_type": "x", "payload": {"records": [1]}}""", 422, "VALIDATION_ERROR" },
        { """{"source": "crm", "event_type": "x", "payload": {"operation": "merge", "records": [{"customer_id": 1}]}}""", 422, "VALIDATION_ERROR" },
        { """{"source": "nope", "event_type": "x", "payload": {}}""", 400, "UNKNOWN_DATA_SOURCE" },
        { """[]""", 422, "VALIDATION_ERROR" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBody_SignedCorrectly_IsEnvelopeAndNotStored(string body, int status, string code)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        using var error = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_bad", body), (HttpStatusCode)status);
        Assert.Equal(code, AccessFixture.ErrorCode(error));
        using var events = JsonDocument.Parse(await (await server.Client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/webhooks/events"), Token)).Content.ReadAsStringAsync(Token));
        Assert.Equal(0, events.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32());
    }

    [Fact]
    public async Task Signature_WrongSecretOrOldTimestamp_Is401()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        var body = AccessFixture.UpsertCustomer(1, "x");
        using var wrong = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_a", body, key: Encoding.UTF8.GetBytes("not-the-secret-at-all")), HttpStatusCode.Unauthorized);
        Assert.Equal("WEBHOOK_INVALID_SIGNATURE", AccessFixture.ErrorCode(wrong));
        using var old = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_b", body, DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds()), HttpStatusCode.Unauthorized);
        Assert.Contains("5 minutes", old.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task BadSignatures_TwelveFromOneAddress_SignedWebhooksAndClientKeysStillPass()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(AccessFixture.Settings(("RATE_LIMIT_AUTH_FAILURES", "10")));
        var (_, key) = await AccessFixture.CreateKeyAsync(server.Client);
        var wrongKey = Encoding.UTF8.GetBytes("not-the-secret-at-all");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var bad = await server.Client.SendAsync(AccessFixture.SignedWebhook($"msg_bad_{i}", AccessFixture.UpsertCustomer(1, "x"), key: wrongKey), Token);
            statuses.Add(bad.StatusCode);
        }

        using var signed = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_good", AccessFixture.UpsertCustomer(1, "Signed")), HttpStatusCode.OK);
        using var data = await server.Client.SendAsync(AccessFixture.WithKey(HttpMethod.Get, "/data/crm", key), Token);
        using var stillBad = await server.Client.SendAsync(AccessFixture.SignedWebhook("msg_bad_last", AccessFixture.UpsertCustomer(1, "x"), key: wrongKey), Token);

        // The first ten are 401; past the limit a bad signature is 429 under its own policy, and nothing else is.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 10), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)], statuses);
        Assert.Equal("applied", signed.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillBad.StatusCode);
        Assert.StartsWith("\"signature-failures\";q=10;", stillBad.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        Assert.True(stillBad.Headers.RetryAfter is not null);
    }

    /// <summary>Found by fuzzing (tests/Udc.Fuzz/regressions/webhook): invalid UTF-8 inside a record's string was a 500.</summary>
    [Fact]
    public async Task BadBody_InvalidUtf8InARecord_422NotStored()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        var body = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Udc.Fuzz", "regressions", "webhook", "invalid-utf8-in-string.json"));
        var time = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", "msg_utf8");
        request.Headers.Add("webhook-timestamp", time.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Udc.Webhooks.WebhookSignature.Sign("msg_utf8", time, body, AccessFixture.WebhookKey));

        using var error = await SendAsync(server.Client, request, HttpStatusCode.UnprocessableEntity);

        Assert.Equal("the body is not valid UTF-8", error.RootElement.GetProperty("error").GetProperty("details")[0].GetProperty("msg").GetString());
        Assert.Equal(0, await EventCountAsync(server.Client));
    }

    private static async Task<int> EventCountAsync(HttpClient client)
    {
        using var events = JsonDocument.Parse(await (await client.SendAsync(AccessFixture.Admin(HttpMethod.Get, "/webhooks/events"), Token)).Content.ReadAsStringAsync(Token));
        return events.RootElement.GetProperty("metadata").GetProperty("total_results").GetInt32();
    }

    [Fact]
    public async Task BadBody_NotJson_MessageSaysWhereNotTheParserWords()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());

        using var error = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_syntax", "{\"source\": \"crm\",\n \"event_type\": }"), HttpStatusCode.UnprocessableEntity);

        var detail = error.RootElement.GetProperty("error").GetProperty("details")[0];
        Assert.Equal("the body is not valid JSON (line 2, byte 16)", detail.GetProperty("msg").GetString());
        Assert.Equal("json_invalid", detail.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Rotation_EitherSecret_IsAccepted()
    {
        var newSecret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("the-new-secret-after-rotation"));
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(("WEBHOOK_SECRET", $"{AccessFixture.WebhookSecret} {newSecret}")));
        (await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_old", AccessFixture.UpsertCustomer(1, "a")), HttpStatusCode.OK)).Dispose();
        (await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_new", AccessFixture.UpsertCustomer(1, "b"), key: Encoding.UTF8.GetBytes("the-new-secret-after-rotation")), HttpStatusCode.OK)).Dispose();
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    [InlineData(true, HttpStatusCode.OK)]
    public async Task LegacySecretHeader_OnlyWhenEnabled(bool enabled, HttpStatusCode expected)
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(("WEBHOOK_ALLOW_LEGACY_SECRET", enabled ? "true" : "false")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/events") { Content = new StringContent(AccessFixture.UpsertCustomer(5, "legacy"), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Webhook-Secret", AccessFixture.WebhookSecret);
        (await SendAsync(server.Client, request, expected)).Dispose();
    }

    [Fact]
    public async Task NoSecretConfigured_WebhooksAreOff()
    {
        var settings = Settings();
        settings.Remove("WEBHOOK_SECRET");
        await using var server = await UdcTestServer.StartWithDemoDataAsync(settings);
        using var error = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_x", AccessFixture.UpsertCustomer(1, "x")), HttpStatusCode.ServiceUnavailable);
        Assert.Equal("WEBHOOKS_DISABLED", AccessFixture.ErrorCode(error));
    }

    [Fact]
    public async Task BodyOverLimit_Is413()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings(("WEBHOOK_MAX_BODY_BYTES", "2048")));
        var big = $$$"""{"source": "crm", "event_type": "x", "payload": {"pad": "{{{new string('x', 4096)}}}"}}""";
        using var error = await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_big", big), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("PAYLOAD_TOO_LARGE", AccessFixture.ErrorCode(error));
    }

    [Fact]
    public async Task EventList_NewestFirstPaginatedAndFiltered()
    {
        await using var server = await UdcTestServer.StartWithDemoDataAsync(Settings());
        for (var i = 1; i <= 5; i++)
        {
            (await SendAsync(server.Client, AccessFixture.SignedWebhook($"msg_{i}", AccessFixture.UpsertCustomer(2000 + i, $"n{i}")), HttpStatusCode.OK)).Dispose();
        }
        (await SendAsync(server.Client, AccessFixture.SignedWebhook("msg_t", """{"source": "support", "event_type": "ticket_closed", "payload": {}}"""), HttpStatusCode.OK)).Dispose();

        using var page = await SendAsync(server.Client, AccessFixture.Admin(HttpMethod.Get, "/webhooks/events?page=2&page_size=2&source=crm"), HttpStatusCode.OK);
        Assert.Equal(["msg_3", "msg_2"], page.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("webhook_id").GetString()));
        var metadata = page.RootElement.GetProperty("metadata");
        Assert.Equal(5, metadata.GetProperty("total_results").GetInt32());
        Assert.Equal(3, metadata.GetProperty("total_pages").GetInt32());
        Assert.True(metadata.GetProperty("has_next").GetBoolean());

        using var typed = await SendAsync(server.Client, AccessFixture.Admin(HttpMethod.Get, "/webhooks/events?event_type=ticket_closed"), HttpStatusCode.OK);
        var only = Assert.Single(typed.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(JsonValueKind.Object, only.GetProperty("payload").ValueKind);
        Assert.Equal(JsonValueKind.String, only.GetProperty("applied_at").ValueKind);

        using var invalid = await SendAsync(server.Client, AccessFixture.Admin(HttpMethod.Get, "/webhooks/events?page_size=1000&colour=red"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(2, invalid.RootElement.GetProperty("error").GetProperty("details").GetArrayLength());
    }

    [Fact]
    public async Task Restart_SameDatabase_ReappliesChangesNewerThanTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("udc-webhook-restart-").FullName;
        try
        {
            Udc.Engine.Generation.DemoDataGenerator.Write(directory, new Udc.Engine.Generation.DemoDataOptions());
            await using (var first = await UdcTestServer.StartAsync(directory, Settings()))
            {
                (await SendAsync(first.Client, AccessFixture.SignedWebhook("msg_r1", AccessFixture.UpsertCustomer(3001, "Survivor")), HttpStatusCode.OK)).Dispose();
            }
            await using var second = await UdcTestServer.StartAsync(directory, Settings());
            Assert.Equal(51, await TotalAsync(second.Client, "/data/crm"));
            Assert.Contains("Survivor", await second.Client.GetStringAsync("/data/crm/3001", Token));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
