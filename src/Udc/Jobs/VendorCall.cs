using System.Text.Json;
using Udc.Background;
using Udc.Outbound;

namespace Udc.Jobs;

/// <summary>
/// One call to a vendor through its outbound guard (<see cref="OutboundTargets"/>: rate limit, circuit breaker) within
/// its timeout. The job id goes as <c>Idempotency-Key</c>, so a vendor that dedupes sees a repeated call (after a
/// crash or a lost lease) as the same request. The answer becomes a <see cref="WorkOutcome"/>: 2xx a result (sync)
/// or an acceptance (async); 408, 429 and 5xx, timeouts and connection failures a retry honouring
/// <c>Retry-After</c>; any other status a failure.
/// </summary>
internal sealed class VendorCall(IHttpClientFactory clients, OutboundTargets targets, JobSettings settings, TimeProvider time)
{
    public const string ClientName = "udc-vendors";

    /// <summary>A vendor's answer is a result, not a data set: 4 MiB bounds what one job stores.</summary>
    public const int MaxResultBytes = 4 * 1024 * 1024;

    /// <summary>What a call came to: a result body (sync), acceptance (async), or a retry or failure with its reason.</summary>
    internal readonly record struct Answer(byte[]? Body, bool Accepted, string? Error, bool Retry, TimeSpan? RetryAfter);

    public async Task<Answer> SendAsync(VendorSettings vendor, Job job, CancellationToken cancellationToken)
    {
        await targets.EnterAsync(vendor.Target, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(vendor.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, vendor.Url) { Content = new ByteArrayContent(Body(vendor, job)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", job.Id);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                targets.Succeeded(vendor.Target);
                if (vendor.Mode == VendorMode.Async)
                {
                    return new Answer(null, true, null, false, null);
                }
                var body = await ReadAsync(response, deadline.Token);
                return body is null
                    ? new Answer(null, false, $"vendor '{vendor.Name}' answered with more than {MaxResultBytes / (1024 * 1024)} MiB", false, null)
                    : new Answer(body, false, null, false, null);
            }
            var transient = status is 408 or 429 or >= 500;
            if (transient)
            {
                targets.Failed(vendor.Target);
            }
            return new Answer(null, false, $"vendor '{vendor.Name}' answered {status} {response.ReasonPhrase}", transient,
                RetryDelay.RetryAfter(response.Headers, time.GetUtcNow()));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            targets.Failed(vendor.Target);
            return new Answer(null, false, $"vendor '{vendor.Name}' did not answer within {vendor.Timeout.TotalSeconds:0.###} s", true, null);
        }
        catch (HttpRequestException e)
        {
            targets.Failed(vendor.Target);
            return new Answer(null, false, $"could not reach vendor '{vendor.Name}': {e.Message}", true, null);
        }
        catch (IOException e)
        {
            targets.Failed(vendor.Target);
            return new Answer(null, false, $"vendor '{vendor.Name}''s answer was cut off: {e.Message}", true, null);
        }
    }

    private byte[] Body(VendorSettings vendor, Job job)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("job_id"u8, job.Id);
            writer.WritePropertyName("payload"u8);
            writer.WriteRawValue(job.Payload, skipInputValidation: true);
            if (vendor.Mode == VendorMode.Async)
            {
                writer.WriteString("callback_url"u8, new Uri(settings.PublicUrl, $"vendor-webhook/{vendor.Name}").ToString());
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static async Task<byte[]?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResultBytes)
        {
            return null;
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxResultBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
