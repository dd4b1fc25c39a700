using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Udc.Outbound;

namespace Udc.Llm;

/// <summary>
/// Sends one provider request with the policy every provider shares: the response read as it arrives
/// (<see cref="HttpCompletionOption.ResponseHeadersRead"/>), at most two retries and only for 429, 5xx and
/// connection failures, exponential backoff with jitter that honours <c>Retry-After</c>, and failures mapped to
/// <see cref="LlmFailure"/> with messages that never carry the key.
/// </summary>
internal sealed partial class LlmTransport(IHttpClientFactory clients, LlmSettings settings, TimeProvider time, ILogger<LlmTransport> logger)
{
    /// <summary>An error body larger than 64 KiB is not a message worth reading.</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static string ClientName(LlmProvider provider) => "llm." + provider.ToWireName();

    /// <param name="createRequest">Builds a fresh request for each attempt (a sent request cannot be sent again).</param>
    /// <param name="readError">Extracts the provider's message from an error body; null when it has none.</param>
    public async Task<TResponse> SendAsync<TResponse>(LlmProvider provider, Func<HttpRequestMessage> createRequest, JsonTypeInfo<TResponse> responseType,
        Func<string, string?> readError, string? apiKey, LlmDeadline deadline)
        where TResponse : class
    {
        var client = clients.CreateClient(ClientName(provider));
        var name = provider.ToWireName();
        for (var attempt = 0; ; attempt++)
        {
            var canRetry = attempt < settings.MaxRetries;
            string failure;
            TimeSpan? retryAfter = null;
            var started = time.GetTimestamp();
            try
            {
                using var request = createRequest();
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                LogResponse(logger, name, (int)response.StatusCode, attempt + 1, time.GetElapsedTime(started).TotalMilliseconds);
                if (response.IsSuccessStatusCode)
                {
                    await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
                    return await JsonSerializer.DeserializeAsync(body, responseType, deadline.Token)
                        ?? throw new LlmException(LlmFailure.Upstream, $"The {name} provider returned an empty response.");
                }
                var status = response.StatusCode;
                if ((int)status is >= 300 and < 400)
                {
                    throw new LlmException(LlmFailure.Upstream, Redirected(name, status, request.RequestUri!, response.Headers.Location));
                }
                var message = Describe(readError(await ReadErrorBodyAsync(response, deadline.Token)), status, apiKey);
                if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new LlmException(LlmFailure.Authentication, $"The {name} provider rejected the API key ({(int)status}): {message}");
                }
                if (status != HttpStatusCode.TooManyRequests && (int)status < 500)
                {
                    throw new LlmException(LlmFailure.Upstream, $"The {name} provider refused the request ({(int)status}): {message}");
                }
                failure = $"The {name} provider failed ({(int)status}): {message}";
                retryAfter = RetryDelay.RetryAfter(response.Headers, time.GetUtcNow());
            }
            catch (OperationCanceledException) when (deadline.IsExpired)
            {
                throw new LlmException(LlmFailure.Timeout, $"The {name} provider did not answer within {deadline.Total.TotalSeconds:0.###} s.");
            }
            catch (OperationCanceledException) when (!deadline.Token.IsCancellationRequested)
            {
                // The connect timeout surfaces as a cancellation that is not ours: a connection failure.
                failure = $"Could not connect to the {name} provider within {settings.ConnectTimeout.TotalSeconds:0.###} s.";
            }
            catch (HttpRequestException e)
            {
                failure = $"Could not reach the {name} provider: {SecretScrubber.Scrub(e.Message, apiKey)}";
            }
            catch (IOException e)
            {
                // The connection dropped while the body was being read: a truncated response.
                failure = $"The {name} provider's response was cut off: {SecretScrubber.Scrub(e.Message, apiKey)}";
            }
            catch (JsonException e)
            {
                throw new LlmException(LlmFailure.Upstream, $"The {name} provider returned a response that is not valid JSON ({SecretScrubber.Scrub(e.Message, apiKey)}).");
            }

            if (!canRetry)
            {
                throw new LlmException(LlmFailure.Upstream, failure);
            }
            var delay = RetryDelay.Next(attempt, settings.RetryBaseDelay, retryAfter);
            if (delay >= deadline.Remaining)
            {
                throw new LlmException(LlmFailure.Upstream, $"{failure} Retrying after {delay.TotalSeconds:0.###} s would pass the {deadline.Total.TotalSeconds:0.###} s limit.");
            }
            LogRetry(logger, name, failure, attempt + 1, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, time, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsExpired)
            {
                throw new LlmException(LlmFailure.Timeout, $"The {name} provider did not answer within {deadline.Total.TotalSeconds:0.###} s.");
            }
        }
    }

    /// <summary>JSON request content with a length, so it can be logged, retried and read by servers that refuse chunked bodies.</summary>
    public static ByteArrayContent JsonBody<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    public static Uri Endpoint(Uri baseUrl, string path) => new(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'));

    /// <summary>A redirect reaches here only when it was not followed: it left the origin, or went round too often.</summary>
    private static string Redirected(string name, HttpStatusCode status, Uri requested, Uri? location)
    {
        var target = location is null ? null : location.IsAbsoluteUri ? location : new Uri(requested, location);
        return target is not null && !SameOriginRedirects.IsSameOrigin(requested, target)
            ? $"The {name} provider redirected the request ({(int)status}) to another origin, {SameOriginRedirects.Origin(target)}; UDC never sends a conversation or a key anywhere but the configured base URL's origin. Check the provider's base URL."
            : $"The {name} provider redirected the request ({(int)status}) more than {SameOriginRedirects.MaxRedirects} times.";
    }

    private static string Describe(string? providerMessage, HttpStatusCode status, string? apiKey) =>
        SecretScrubber.Scrub(string.IsNullOrWhiteSpace(providerMessage) ? status.ToString() : providerMessage, apiKey);

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += n;
            }
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "LLM {Provider} answered {Status} on attempt {Attempt} in {Milliseconds:F0} ms")]
    private static partial void LogResponse(ILogger logger, string provider, int status, int attempt, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM {Provider} call failed: {Failure} (attempt {Attempt}); retrying in {DelayMilliseconds:F0} ms")]
    private static partial void LogRetry(ILogger logger, string provider, string failure, int attempt, double delayMilliseconds);
}
