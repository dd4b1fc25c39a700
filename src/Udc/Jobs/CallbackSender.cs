using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Udc.Background;
using Udc.Outbound;
using Udc.Webhooks;

namespace Udc.Jobs;

/// <summary>
/// Tells a client its job finished: <c>POST</c> of the job (as <c>GET /jobs/{id}</c> shows it) to its
/// <c>callback_url</c>, signed like UDC's incoming webhooks (Standard Webhooks, <c>UDC_JOBS_CALLBACK_SECRET</c>) with
/// a <c>webhook-id</c> that is the same on every retry, so the receiver can drop repeats. Retried with backoff on
/// 408, 429, 5xx and connection failures; only public addresses, or private ones the configuration names, are reached.
/// </summary>
internal sealed partial class CallbackSender(JobStore store, JobSettings settings, IHttpClientFactory clients, OutboundTargets targets, TimeProvider time, ILogger<CallbackSender> logger) : IWorkHandler
{
    public const string ClientName = "udc-callbacks";

    /// <summary>A receiver answers at once or queues the work itself: 10 s is generous.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public string Queue => JobStore.CallbackQueue;

    /// <summary>8 attempts from 2 s, doubling up to 10 minutes: about 25 minutes of trying, as webhook senders do.</summary>
    public RetryPolicy Retry { get; } = new(8, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));

    public async Task<WorkOutcome> RunAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (store.Get(item.Subject) is not { CallbackUrl: { } url } job || settings.CallbackKey is not { } key)
        {
            return WorkOutcome.Done();
        }
        var uri = new Uri(url);
        var target = "callback:" + uri.IdnHost;
        await targets.EnterAsync(target, cancellationToken);
        var body = Body(job);
        var id = $"job_{job.Id}_{job.Status}";
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignature.IdHeader, id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(id, timestamp, body, key));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, deadline.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                targets.Succeeded(target);
                return WorkOutcome.Done();
            }
            if (status is 408 or 429 or >= 500)
            {
                targets.Failed(target);
                return WorkOutcome.Retry($"callback answered {status}", RetryDelay.RetryAfter(response.Headers, time.GetUtcNow()));
            }
            return WorkOutcome.Fail($"callback answered {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            targets.Failed(target);
            return WorkOutcome.Retry($"callback did not answer within {s_timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            targets.Failed(target);
            return WorkOutcome.Retry($"could not reach the callback: {e.Message}");
        }
    }

    private static byte[] Body(Job job)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JobWriter.Write(writer, job);
        }
        return buffer.ToArray();
    }

    public void GiveUp(WorkItem item, string error, SqliteConnection connection, SqliteTransaction transaction) =>
        LogGaveUp(logger, item.Subject, error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: gave up telling its callback URL ({Error})")]
    private static partial void LogGaveUp(ILogger logger, string jobId, string error);
}
