using System.Net;
using Udc.Ingestion.Connectors;
using Udc.Outbound;

namespace Udc.Ingestion.Fetching;

/// <summary>
/// Sends a connector's requests: only to the hosts it allows, through its outbound guard (rate limit and circuit
/// breaker, <see cref="OutboundTargets"/>, under the connector's name), each within its timeout, with its headers,
/// and reads each body up to its byte limit. Injected faults (<see cref="IngestFault"/>) take the place of the upstream's answer
/// at their page, so a drill exercises the same paths a real failure would.
/// </summary>
internal sealed class UpstreamClient(ConnectorDefinition connector, HttpClient client, OutboundTargets targets, IngestFault? fault)
{
    /// <summary>The connector's name as an outbound target: its own rate limit and breaker, apart from jobs' vendors.</summary>
    public string Target { get; } = "ingest:" + connector.Name;

    public ConnectorDefinition Connector => connector;

    /// <summary>A response with its body read, or a 304.</summary>
    /// <param name="page">The 1-based page of the run, for injected faults and error messages.</param>
    /// <exception cref="FetchException">Refused, timed out, an error status, or a body over the limit.</exception>
    public async Task<UpstreamResponse> GetAsync(Uri url, int page, Action<HttpRequestMessage>? prepare, CancellationToken cancellationToken)
    {
        if (!connector.Addresses.AllowsUrl(url))
        {
            throw new FetchException($"page {page}: '{SameOriginRedirects.Origin(url)}' is not among this connector's allow_hosts");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connector.Timeout);
        if (fault is { } planned && planned.Page == page)
        {
            try
            {
                return await planned.ApplyAsync(page, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new FetchException($"page {page}: no complete answer within {connector.Timeout.TotalSeconds:0.###} s");
            }
        }
        using var request = new HttpRequestMessage(connector.Method, url);
        foreach (var (name, value) in connector.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        prepare?.Invoke(request);
        // An open circuit throws TargetUnavailableException: nothing is sent, and the run stops at this page.
        await targets.EnterAsync(Target, cancellationToken);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            // 429 and 5xx are the upstream in trouble; any other answer shows it is up.
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                targets.Failed(Target);
            }
            else
            {
                targets.Succeeded(Target);
            }
            var etag = response.Headers.ETag?.ToString();
            var lastModified = response.Content.Headers.LastModified?.ToString("R");
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new UpstreamResponse(response.StatusCode, [], etag, lastModified, null, response.Headers.RetryAfter);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new UpstreamStatusException(page, response.StatusCode, response.Headers.RetryAfter);
            }
            var body = await ReadBoundedAsync(response.Content, page, timeout.Token);
            var link = response.Headers.TryGetValues("Link", out var links) ? string.Join(", ", links) : null;
            return new UpstreamResponse(response.StatusCode, body, etag, lastModified, link, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            targets.Failed(Target);
            throw new FetchException($"page {page}: no complete answer within {connector.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e) when (e is not UpstreamStatusException)
        {
            targets.Failed(Target);
            // The message names the host at most: a URL's query string can carry a key.
            throw new FetchException($"page {page}: {e.Message}", e);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, int page, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > connector.MaxBytes)
        {
            throw new FetchException($"page {page}: the body is {content.Headers.ContentLength} bytes, over max_bytes ({connector.MaxBytes})");
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > connector.MaxBytes)
            {
                throw new FetchException($"page {page}: the body is over max_bytes ({connector.MaxBytes})");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>What the upstream answered: status, body and the headers a run uses.</summary>
internal sealed record UpstreamResponse(HttpStatusCode Status, byte[] Body, string? ETag, string? LastModified, string? Link, System.Net.Http.Headers.RetryConditionHeaderValue? RetryAfter)
{
    public bool NotModified => Status == HttpStatusCode.NotModified;
}

/// <summary>The upstream answered with an error status; <see cref="RetryAfter"/> is what it asked for, if anything.</summary>
internal sealed class UpstreamStatusException(int page, HttpStatusCode status, System.Net.Http.Headers.RetryConditionHeaderValue? retryAfter)
    : HttpRequestException($"page {page}: the upstream answered {(int)status} {status}", null, status)
{
    public System.Net.Http.Headers.RetryConditionHeaderValue? RetryAfter { get; } = retryAfter;
}
