using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Udc.Tests.TestSupport;

/// <summary>A call a vendor received: UDC's body (<c>job_id</c>, <c>payload</c>, <c>callback_url</c>) and its idempotency key.</summary>
internal sealed record VendorRequest(string JobId, JsonElement Payload, string? CallbackUrl, string? IdempotencyKey);

/// <summary>
/// A job vendor on loopback (real Kestrel, 127.0.0.1, a free port). Each call is answered by the next scripted
/// answer, or by <see cref="Default"/>; every call is recorded and announced on <see cref="Calls"/>.
/// </summary>
internal sealed class FakeVendor : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, VendorRequest, Task>> _script = new();

    private FakeVendor(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private init; } = null!;

    /// <summary>Every call, in order of arrival.</summary>
    public System.Threading.Channels.Channel<VendorRequest> Calls { get; } = System.Threading.Channels.Channel.CreateUnbounded<VendorRequest>();

    /// <summary>How a call is answered when nothing is scripted: 200 with a result holding personal data.</summary>
    public Func<HttpContext, VendorRequest, Task> Default { get; set; } = (context, request) =>
        Json(context, 200, $$"""{"status":"success","job":"{{request.JobId}}","contact":" jane.doe@example.com ","card":"4111 1111 1111 1111","data_points":15}""");

    public static async Task<FakeVendor> StartAsync()
    {
        FakeVendor? vendor = null;
        var (app, address) = await LoopbackApp.StartAsync(app => app.Run(context => vendor!.HandleAsync(context)));
        vendor = new FakeVendor(app) { BaseAddress = address };
        return vendor;
    }

    public void Enqueue(Func<HttpContext, VendorRequest, Task> answer) => _script.Enqueue(answer);

    /// <summary>The next call gets this status (and headers) with an error body.</summary>
    public void EnqueueStatus(int status, params (string Name, string Value)[] headers) => Enqueue((context, _) =>
    {
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }
        return Json(context, status, """{"error":"scripted"}""");
    });

    /// <summary>Answers 202: an async vendor accepting the job.</summary>
    public static Task Accept(HttpContext context, VendorRequest request) => Json(context, 202, """{"accepted":true}""");

    /// <summary>Never answers until the caller gives up.</summary>
    public static async Task Hang(HttpContext context, VendorRequest request) =>
        await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    public static async Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    /// <summary>The next call, within 20 s.</summary>
    public async Task<VendorRequest> NextCallAsync() =>
        await Calls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    private async Task HandleAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        var root = document.RootElement;
        var request = new VendorRequest(root.GetProperty("job_id").GetString()!, root.GetProperty("payload").Clone(),
            root.TryGetProperty("callback_url", out var callback) ? callback.GetString() : null,
            context.Request.Headers["Idempotency-Key"].FirstOrDefault());
        Calls.Writer.TryWrite(request);
        var answer = _script.TryDequeue(out var scripted) ? scripted : Default;
        await answer(context, request);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
