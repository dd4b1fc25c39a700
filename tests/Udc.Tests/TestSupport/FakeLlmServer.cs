using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Udc.Tests.TestSupport;

/// <summary>A request the fake provider received, with its body parsed.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, JsonElement Body);

/// <summary>
/// A model provider on loopback: real Kestrel on 127.0.0.1 and a free port, answering each request with the
/// next scripted response and recording what it was sent, so tests check the wire format field by field.
/// </summary>
internal sealed class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly List<RecordedRequest> _requests = [];

    private FakeLlmServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private init; } = null!;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeLlmServer> StartAsync()
    {
        FakeLlmServer? server = null;
        var (app, address) = await LoopbackApp.StartAsync(app => app.Run(context => server!.HandleAsync(context)));
        server = new FakeLlmServer(app) { BaseAddress = address };
        return server;
    }

    /// <summary>The next request gets this JSON body with this status.</summary>
    public void Enqueue(string json, int status = 200, params (string Name, string Value)[] headers) => _script.Enqueue(async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }
        await context.Response.WriteAsync(json);
    });

    public void Enqueue(Func<HttpContext, Task> respond) => _script.Enqueue(respond);

    /// <summary>Headers, then nothing: the body never comes, until the client gives up.</summary>
    public void EnqueueStall() => _script.Enqueue(async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.FlushAsync();
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    });

    /// <summary>A body that announces 4,000 bytes, sends the start of the JSON and drops the connection.</summary>
    public void EnqueueTruncated(string json) => _script.Enqueue(async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = 4_000;
        var bytes = Encoding.UTF8.GetBytes(json);
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, Math.Min(40, bytes.Length)));
        await context.Response.Body.FlushAsync();
        context.Abort();
    });

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, document.RootElement.Clone()));
        }
        if (_script.TryDequeue(out var respond))
        {
            await respond(context);
            return;
        }
        context.Response.StatusCode = 500;
        await context.Response.WriteAsync("{\"error\": {\"message\": \"the test scripted no response for this request\"}}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
