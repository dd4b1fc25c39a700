using System.Net;
using System.Net.Http.Json;
using Udc.Tests.TestSupport;
using static Udc.Tests.Features.Jobs.JobsTestClient;

namespace Udc.Tests.Features.Jobs;

/// <summary>The jobs API in process, against sync and async vendors on loopback.</summary>
public sealed class JobsApiTests : IAsyncLifetime
{
    private FakeVendor _vendor = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _vendor = await FakeVendor.StartAsync();

    public async ValueTask DisposeAsync() => await _vendor.DisposeAsync();

    private Task<UdcTestServer> ServerAsync(params (string, string)[] extra) => UdcTestServer.StartWithDemoDataAsync(Settings(_vendor, extra));

    [Fact]
    public async Task Post_SyncVendor_CompletesWithTheResultCleanedOfPersonalData()
    {
        await using var server = await ServerAsync();

        var id = await StartAsync(server.Client, """{"user_id":12345,"query":"get_user_data"}""");
        var job = await WaitForStatusAsync(server.Client, id, "complete");

        var call = await _vendor.NextCallAsync();
        Assert.Equal(id, call.JobId);
        Assert.Equal(id, call.IdempotencyKey);
        Assert.Equal(12345, call.Payload.GetProperty("user_id").GetInt32());
        Assert.Null(call.CallbackUrl);
        var result = job.GetProperty("result");
        Assert.Equal("[email]", result.GetProperty("contact").GetString());
        Assert.Equal("[card ****1111]", result.GetProperty("card").GetString());
        Assert.Equal(15, result.GetProperty("data_points").GetInt32());
        Assert.Equal("acme", job.GetProperty("vendor").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, job.GetProperty("finished_at").ValueKind);
    }

    [Fact]
    public async Task Post_SameIdempotencyKey_OneJobAndADifferentBodyIsAConflict()
    {
        await using var server = await ServerAsync();

        var (first, firstBody, _) = await PostJobAsync(server.Client, """{"q":1}""", "key-1");
        var (second, secondBody, replay) = await PostJobAsync(server.Client, """{"q":1}""", "key-1");
        var (third, thirdBody, _) = await PostJobAsync(server.Client, """{"q":2}""", "key-1");

        Assert.Equal(HttpStatusCode.Accepted, first);
        Assert.Equal(HttpStatusCode.OK, second);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstBody.GetProperty("request_id").GetString(), secondBody.GetProperty("request_id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, third);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", thirdBody.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Post_VendorAnswers503TwiceWithRetryAfter_CompletesOnTheThirdAttempt()
    {
        await using var server = await ServerAsync();
        _vendor.EnqueueStatus(503, ("Retry-After", "0"));
        _vendor.EnqueueStatus(429, ("Retry-After", "0"));

        var id = await StartAsync(server.Client);
        var job = await WaitForStatusAsync(server.Client, id, "complete");

        Assert.Equal(3, job.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Post_VendorRefusesWith400_FailedAtOnceWithTheStatus()
    {
        await using var server = await ServerAsync();
        _vendor.EnqueueStatus(400);

        var id = await StartAsync(server.Client);
        var job = await WaitForStatusAsync(server.Client, id, "failed");

        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Contains("400", job.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_VendorSlowerThanItsTimeout_RetriedThenFailedAfterTheLastAttempt()
    {
        await using var server = await ServerAsync(("UDC_VENDOR_ACME_TIMEOUT_SECONDS", "0.2"), ("UDC_JOBS_MAX_ATTEMPTS", "2"));
        _vendor.Default = FakeVendor.Hang;

        var id = await StartAsync(server.Client);
        var job = await WaitForStatusAsync(server.Client, id, "failed");

        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.Contains("did not answer within 0.2 s", job.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_VendorWithItsOwnMaxAttempts_FailsAfterItsAttemptsNotTheDefault()
    {
        await using var server = await ServerAsync(("UDC_VENDOR_ACME_MAX_ATTEMPTS", "2"), ("UDC_JOBS_MAX_ATTEMPTS", "5"));
        for (var i = 0; i < 5; i++)
        {
            _vendor.EnqueueStatus(503, ("Retry-After", "0"));
        }

        var id = await StartAsync(server.Client);
        var job = await WaitForStatusAsync(server.Client, id, "failed");

        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.Contains("503", job.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ManyAtOnce_EachStoredOnceAndARepeatedKeyInOneGroupIsOneJob()
    {
        await using var server = await ServerAsync();
        const int Posts = 300;

        var answers = await Task.WhenAll(Enumerable.Range(0, Posts).Select(i =>
            PostJobAsync(server.Client, $$"""{"user_id":{{i % 100}}}""", i < 200 ? null : $"key-{i % 100}")));
        var ids = answers.Select(a => a.Body.GetProperty("request_id").GetString()!).ToList();
        var stored = await Task.WhenAll(ids.Distinct().Select(id => GetAsync(server.Client, id)));

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Accepted or HttpStatusCode.OK, a.Body.ToString()));
        // 200 without a key, and 100 keys each used once: 300 distinct jobs, every one readable once answered.
        Assert.Equal(Posts, ids.Distinct().Count());
        Assert.Equal(Posts, stored.Length);
        Assert.Equal(Posts, answers.Count(a => a.Status == HttpStatusCode.Accepted));
        var repeats = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostJobAsync(server.Client, """{"user_id":1}""", "same-key")));
        Assert.Single(repeats.Select(r => r.Body.GetProperty("request_id").GetString()).Distinct());
        Assert.Equal(1, repeats.Count(r => r.Status == HttpStatusCode.Accepted));
    }

    [Fact]
    public async Task AsyncVendor_SignedCallback_CompletesOnceAndARepeatIsADuplicate()
    {
        await using var server = await ServerAsync();
        _vendor.Default = FakeVendor.Accept;

        var id = await StartAsync(server.Client, """{"vendor":"later","query":"report"}""");
        var call = await _vendor.NextCallAsync();
        Assert.EndsWith("/vendor-webhook/later", call.CallbackUrl, StringComparison.Ordinal);
        await WaitForStatusAsync(server.Client, id, "waiting_for_vendor");

        var callback = $$$"""{"job_id":"{{{id}}}","data":{"result":"processed","owner":"+44 20 7946 0958"}}""";
        var (status, body) = await CallBackAsync(server.Client, "later", callback);
        var (repeat, repeatBody) = await CallBackAsync(server.Client, "later", callback);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, repeat);
        Assert.Equal("duplicate", repeatBody.GetProperty("status").GetString());
        var job = await GetAsync(server.Client, id);
        Assert.Equal("complete", job.GetProperty("status").GetString());
        Assert.Equal("[phone]", job.GetProperty("result").GetProperty("owner").GetString());
        Assert.Equal(0, await server.Services.GetWorkItemCountAsync());
    }

    [Fact]
    public async Task AsyncVendor_BadSignatureUnknownJobOrUnknownVendor_Refused()
    {
        await using var server = await ServerAsync();
        _vendor.Default = FakeVendor.Accept;
        var id = await StartAsync(server.Client, """{"vendor":"later"}""");
        await WaitForStatusAsync(server.Client, id, "waiting_for_vendor");

        var (forged, forgedBody) = await CallBackAsync(server.Client, "later", $$$"""{"job_id":"{{{id}}}","data":{}}""", secret: "another-secret-of-32-bytes-long!");
        var (unknown, unknownBody) = await CallBackAsync(server.Client, "later", """{"job_id":"no-such-job","data":{}}""");
        var (otherVendor, otherBody) = await CallBackAsync(server.Client, "acme", $$$"""{"job_id":"{{{id}}}","data":{}}""");
        var (malformed, malformedBody) = await CallBackAsync(server.Client, "later", """{"data":{}}""");

        Assert.Equal(HttpStatusCode.Unauthorized, forged);
        Assert.Equal("WEBHOOK_INVALID_SIGNATURE", forgedBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal("JOB_NOT_FOUND", unknownBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, otherVendor);
        Assert.Equal("UNKNOWN_VENDOR", otherBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed);
        Assert.Equal("VALIDATION_ERROR", malformedBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("waiting_for_vendor", (await GetAsync(server.Client, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AsyncVendor_NeverCallsBack_FailedAtTheDeadlineAndALateCallbackIsRefused()
    {
        await using var server = await ServerAsync(("UDC_VENDOR_LATER_CALLBACK_TIMEOUT_SECONDS", "0.3"));
        _vendor.Default = FakeVendor.Accept;

        var id = await StartAsync(server.Client, """{"vendor":"later"}""");
        var job = await WaitForStatusAsync(server.Client, id, "failed");
        var (late, lateBody) = await CallBackAsync(server.Client, "later", $$$"""{"job_id":"{{{id}}}","data":{"ok":true}}""");

        Assert.Contains("did not call back within 0.3 s", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, late);
        Assert.Equal("JOB_FINISHED", lateBody.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Delete_WaitingJob_CancelledThenAConflictAndItsCallbackRefused()
    {
        await using var server = await ServerAsync();
        _vendor.Default = FakeVendor.Accept;
        var id = await StartAsync(server.Client, """{"vendor":"later"}""");
        await WaitForStatusAsync(server.Client, id, "waiting_for_vendor");

        using var cancelled = await server.Client.DeleteAsync($"/jobs/{id}", Token);
        using var again = await server.Client.DeleteAsync($"/jobs/{id}", Token);
        var (callback, _) = await CallBackAsync(server.Client, "later", $$$"""{"job_id":"{{{id}}}","data":{"ok":true}}""");

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await TestJson.ReadAsync(cancelled)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, callback);
        Assert.Equal(0, await server.Services.GetWorkItemCountAsync());
    }

    [Fact]
    public async Task Post_InvalidBodies_ClearErrorsNever500()
    {
        await using var server = await ServerAsync();

        var (array, arrayBody, _) = await PostJobAsync(server.Client, "[1,2]");
        var (broken, _, _) = await PostJobAsync(server.Client, """{"a":""");
        var (vendor, vendorBody, _) = await PostJobAsync(server.Client, """{"vendor":"nobody"}""");
        var (callback, callbackBody, _) = await PostJobAsync(server.Client, """{"callback_url":"http://169.254.169.254/latest"}""");
        using var unknown = await server.Client.GetAsync("/jobs/nope", Token);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, array);
        Assert.Equal("VALIDATION_ERROR", arrayBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken);
        Assert.Equal(HttpStatusCode.BadRequest, vendor);
        Assert.Contains("acme, later", vendorBody.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, callback);
        Assert.Contains("callback_url", callbackBody.GetProperty("error").GetProperty("details")[0].GetProperty("loc")[1].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task List_Admin_FilteredByStatusAndPaged()
    {
        await using var server = await ServerAsync();
        _vendor.EnqueueStatus(400);
        var failed = await StartAsync(server.Client);
        await WaitForStatusAsync(server.Client, failed, "failed");
        var done = await StartAsync(server.Client);
        await WaitForStatusAsync(server.Client, done, "complete");

        using var anonymous = await server.Client.GetAsync("/jobs", Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/jobs?status=failed&page_size=10");
        request.Headers.Add("X-Admin-Key", AdminKey);
        using var listed = await server.Client.SendAsync(request, Token);
        var body = await TestJson.ReadAsync(listed);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(failed, Assert.Single(body.GetProperty("data").EnumerateArray()).GetProperty("request_id").GetString());
        Assert.Equal(1, body.GetProperty("metadata").GetProperty("total_results").GetInt32());
    }

    [Fact]
    public async Task Callback_JobCompletes_SignedPostRetriedAfterA503()
    {
        await using var receiver = await FakeLlmServer.StartAsync();
        receiver.Enqueue("""{"error":"busy"}""", 503, ("Retry-After", "0"));
        receiver.Enqueue("{}");
        const string Secret = "callback-secret-of-32-bytes-long";
        await using var server = await ServerAsync(("UDC_JOBS_CALLBACK_SECRET", Secret), ("UDC_JOBS_CALLBACK_HOSTS", "127.0.0.1"));

        var id = await StartAsync(server.Client, $$"""{"q":1,"callback_url":"{{receiver.BaseAddress}}done"}""");
        await WaitForStatusAsync(server.Client, id, "complete");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (receiver.Requests.Count < 2 || await server.Services.GetWorkItemCountAsync() > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the callback was not retried");
            await Task.Delay(20, Token);
        }

        var delivered = receiver.Requests[1];
        Assert.Equal("/done", delivered.Path);
        Assert.Equal(id, delivered.Body.GetProperty("request_id").GetString());
        Assert.Equal("complete", delivered.Body.GetProperty("status").GetString());
        Assert.Equal(receiver.Requests[0].Headers["webhook-id"], delivered.Headers["webhook-id"]);
        var check = Udc.Webhooks.WebhookSignature.Verify(delivered.Headers["webhook-id"], delivered.Headers["webhook-timestamp"], delivered.Headers["webhook-signature"],
            System.Text.Encoding.UTF8.GetBytes(delivered.Body.GetRawText()), [System.Text.Encoding.UTF8.GetBytes(Secret)], DateTimeOffset.UtcNow);
        Assert.Equal(Udc.Webhooks.SignatureCheck.Valid, check);
    }
}
