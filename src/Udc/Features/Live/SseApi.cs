using System.Text;
using Udc.Access;
using Udc.Features.Analytics;
using Udc.Hosting;
using Udc.Reading;

namespace Udc.Features.Live;

/// <summary>
/// <c>GET /sse/metrics</c>: Server-Sent Events of the latest values and new anomalies of every source the caller may
/// read (or of <c>sources=a,b</c>), pushed when a source changes, with a comment line as heartbeat and
/// <c>Last-Event-ID</c> to resume. At most <see cref="AnalyticsSettings.MaxStreams"/> streams are open at once.
/// </summary>
internal static class SseApi
{
    private static readonly string[] s_sourceLocation = ["query", "sources"];

    public static IEndpointRouteBuilder MapSseApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sse/metrics", Stream);
        return app;
    }

    private static async Task Stream(HttpContext context, MetricsFeed feed, AnalyticsSettings settings, SourceResolver sources, TimeProvider time)
    {
        var identity = SourceAccess.IdentityOf(context);
        var wanted = context.Request.Query["sources"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (wanted.FirstOrDefault(s => identity?.CanRead(s) == false) is { } forbidden)
        {
            await SourceAccess.Forbidden(forbidden).ExecuteAsync(context);
            return;
        }
        if (!feed.TryOpenStream(settings.MaxStreams))
        {
            context.Response.Headers.RetryAfter = "30";
            await ApiError.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.TooManyStreams,
                $"{settings.MaxStreams} metric streams are open, the most this server allows; retry in 30 seconds.").ExecuteAsync(context);
            return;
        }
        try
        {
            long? lastId = long.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), out var id) ? id : null;
            using var subscription = feed.Subscribe(lastId);
            var response = context.Response;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            bool Wanted(MetricsEvent e) => (wanted.Count == 0 || wanted.Contains(e.Source)) && identity?.CanRead(e.Source) != false;
            // Events are worked out once over every row; a caller under a policy gets them worked out again from its view.
            MetricsEvent? Shown(MetricsEvent e) => identity?.Policy is null ? e
                : !sources.TryResolve(e.Source, identity, s_sourceLocation, out var view, out _) ? (e.Name == MetricsEvent.Removed ? e : null)
                : sources.Catalog.TryGet(e.Source, out var live) && ReferenceEquals(live.Snapshot, view) ? e
                : MetricsFeed.ForView(e, view);
            // A reconnecting browser waits this long before trying again.
            await response.WriteAsync("retry: 3000\n\n", context.RequestAborted);
            foreach (var item in subscription.Backlog.Where(Wanted))
            {
                if (Shown(item) is { } shown)
                {
                    await WriteAsync(response, shown, context.RequestAborted);
                }
            }
            await response.Body.FlushAsync(context.RequestAborted);
            var aborted = context.RequestAborted;
            while (!aborted.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                heartbeat.CancelAfter(settings.Heartbeat);
                try
                {
                    await subscription.Reader.WaitToReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await response.WriteAsync(": heartbeat\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }
                while (subscription.Reader.TryRead(out var item))
                {
                    if (Wanted(item) && Shown(item) is { } shown)
                    {
                        await WriteAsync(response, shown, aborted);
                    }
                }
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            feed.CloseStream();
        }
    }

    private static async Task WriteAsync(HttpResponse response, MetricsEvent item, CancellationToken cancellation)
    {
        var header = Encoding.UTF8.GetBytes($"id: {item.Id}\nevent: {item.Name}\ndata: ");
        await response.Body.WriteAsync(header, cancellation);
        await response.Body.WriteAsync(item.Data, cancellation);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), cancellation);
    }
}
