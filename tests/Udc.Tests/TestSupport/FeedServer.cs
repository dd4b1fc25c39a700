using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Udc.Tests.TestSupport;

/// <summary>An upstream record: its JSON object and its <c>updated</c> value (for <c>updated_since</c>).</summary>
internal sealed record FeedItem(string Json, string Updated);

/// <summary>
/// An upstream on loopback for ingestion tests: real Kestrel on 127.0.0.1 serving the same records paged by number
/// (<c>/page</c>), offset (<c>/offset</c>), cursor (<c>/cursor</c>) and <c>Link</c> header (<c>/link</c>), with an
/// ETag over the records and <c>updated_since</c>; <c>/doc</c> serves <see cref="Document"/> as is (CSV, RSS, Atom).
/// Faults are armed per page: 429 with Retry-After, 500, a stall, a malformed body.
/// </summary>
internal sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, string> _faults = new();
    private readonly List<(long Count, TaskCompletionSource Done)> _waiters = [];
    private long _requests;
    private long _notModified;

    private FeedServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The records, in order; tests replace the list to change what upstream holds.</summary>
    public List<FeedItem> Items { get; set; } = [];

    public string Document { get; set; } = "";

    public string DocumentType { get; set; } = "text/csv";

    public long Requests => Interlocked.Read(ref _requests);

    public long NotModifiedAnswers => Interlocked.Read(ref _notModified);

    /// <summary>Whether the first page carries an ETag (and honours <c>If-None-Match</c>).</summary>
    public bool ETags { get; set; } = true;

    /// <summary>When set, the first page carries it as <c>Last-Modified</c> and a request not older gets a 304.</summary>
    public DateTimeOffset? LastModified { get; set; }

    /// <summary>Every request as it arrived: when, its <c>Authorization</c> header, and its path and query.</summary>
    public ConcurrentQueue<(DateTimeOffset At, string Authorization, string Target)> Arrivals { get; } = new();

    /// <summary>How long every paged answer takes: a run that lasts long enough to be killed in the middle.</summary>
    public TimeSpan PageDelay { get; set; }

    /// <summary>Completes once the server has had <paramref name="count"/> requests in all.</summary>
    public Task WhenRequestsAsync(long count)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (Requests >= count)
            {
                return Task.CompletedTask;
            }
            _waiters.Add((count, waiter));
        }
        return waiter.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Cancelled to release a stalled request.</summary>
    public CancellationTokenSource Stalls { get; } = new();

    public static async Task<FeedServer> StartAsync()
    {
        FeedServer? server = null;
        var (_, baseAddress) = await LoopbackApp.StartAsync(app =>
        {
            server = new FeedServer(app);
            app.Run(server.HandleAsync);
        });
        server!.BaseAddress = baseAddress;
        return server;
    }

    public static List<FeedItem> Numbered(int count, string updated = "2026-01-01T00:00:00Z") =>
        [.. Enumerable.Range(1, count).Select(i => new FeedItem($$"""{"id": {{i}}, "name": "item {{i}}", "amount": {{(i * 1.5).ToString(CultureInfo.InvariantCulture)}}, "updated": "{{updated}}"}""", updated))];

    /// <summary>The request for <paramref name="page"/> (1-based, in the order asked) gets the fault once: 429, 500, stall or garbage.</summary>
    public void Arm(int page, string fault) => _faults[page] = fault;

    private async Task HandleAsync(HttpContext context)
    {
        var seen = Interlocked.Increment(ref _requests);
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Count <= seen).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
        var query = context.Request.Query;
        var path = context.Request.Path.Value ?? "";
        Arrivals.Enqueue((DateTimeOffset.UtcNow, context.Request.Headers.Authorization.ToString(), path + context.Request.QueryString));
        if (path == "/doc")
        {
            await WriteAsync(context, DocumentType, Document);
            return;
        }
        var items = Items;
        if (query["updated_since"].FirstOrDefault() is { } since)
        {
            items = [.. items.Where(i => string.CompareOrdinal(i.Updated, since) > 0)];
        }
        var size = int.TryParse(query["per_page"].FirstOrDefault() ?? query["limit"].FirstOrDefault(), CultureInfo.InvariantCulture, out var s) ? s : 100;
        var (start, page) = path switch
        {
            "/offset" => (int.Parse(query["offset"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture), 0),
            "/cursor" => (query["cursor"].FirstOrDefault() is { } c ? int.Parse(c[1..], CultureInfo.InvariantCulture) : 0, 0),
            _ => ((int.Parse(query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture) - 1) * size, 0),
        };
        page = start / Math.Max(1, size) + 1;
        if (_faults.TryRemove(page, out var fault) && await FaultAsync(context, fault))
        {
            return;
        }
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", items.Select(i => i.Json)))))[..16] + "\"";
        var notModified = start == 0 && ((ETags && context.Request.Headers.IfNoneMatch.ToString() == etag)
            || (LastModified is { } modified && DateTimeOffset.TryParse(context.Request.Headers.IfModifiedSince.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked) && asked >= modified));
        if (notModified)
        {
            Interlocked.Increment(ref _notModified);
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        if (PageDelay > TimeSpan.Zero)
        {
            await Task.Delay(PageDelay, context.RequestAborted);
        }
        var slice = items.Skip(start).Take(size).ToList();
        var more = start + slice.Count < items.Count;
        var body = new StringBuilder("{\"data\": [").AppendJoin(", ", slice.Select(i => i.Json)).Append(']');
        if (path == "/cursor")
        {
            body.Append(", \"meta\": {\"next\": ").Append(more ? $"\"c{start + slice.Count}\"" : "null").Append('}');
        }
        body.Append('}');
        if (start == 0 && ETags)
        {
            context.Response.Headers.ETag = etag;
        }
        if (start == 0 && LastModified is { } lastModified)
        {
            context.Response.Headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        }
        if (path == "/link" && more)
        {
            context.Response.Headers["Link"] = $"<{BaseAddress}link?page={page + 1}&per_page={size}>; rel=\"next\"";
        }
        await WriteAsync(context, "application/json", body.ToString());
    }

    private async Task<bool> FaultAsync(HttpContext context, string fault)
    {
        switch (fault)
        {
            case "429":
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return true;
            case "500":
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return true;
            case "stall":
                await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(Stalls.Token, context.RequestAborted).Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return true;
            case "garbage":
                await WriteAsync(context, "application/json", "{\"data\": [{\"id\": 1, \"na");
                return true;
            default:
                return false;
        }
    }

    private static async Task WriteAsync(HttpContext context, string type, string body)
    {
        context.Response.ContentType = type;
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await Stalls.CancelAsync();
        await _app.DisposeAsync();
        Stalls.Dispose();
    }
}
