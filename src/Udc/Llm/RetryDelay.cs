using System.Net.Http.Headers;

namespace Udc.Llm;

/// <summary>How long to wait before a retry: the provider's <c>Retry-After</c> when it gives one, else exponential backoff with jitter.</summary>
internal static class RetryDelay
{
    /// <param name="retry">0 for the first retry.</param>
    public static TimeSpan Next(int retry, TimeSpan baseDelay, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked && asked >= TimeSpan.Zero)
        {
            return asked;
        }
        // Full jitter on top of the doubling spreads clients that failed together so they do not retry together.
        var backoff = baseDelay * Math.Pow(2, retry);
        return backoff + baseDelay * Random.Shared.NextDouble();
    }

    /// <summary><c>Retry-After</c> as seconds or a date, or OpenAI's <c>retry-after-ms</c>; null when absent or unreadable.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.TryGetValues("retry-after-ms", out var values) && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms))
        {
            return TimeSpan.FromMilliseconds(ms);
        }
        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };
    }
}
