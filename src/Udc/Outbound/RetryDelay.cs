using System.Globalization;
using System.Net.Http.Headers;

namespace Udc.Outbound;

/// <summary>
/// How long to wait before a retry of an outbound call (a model provider, a vendor, a feed, a callback): the
/// server's <c>Retry-After</c> when it gives one, else exponential backoff with jitter.
/// </summary>
internal static class RetryDelay
{
    /// <param name="retry">0 for the first retry.</param>
    /// <param name="maxDelay">A cap on the backoff (not on <c>Retry-After</c>, which the server asked for); null for none.</param>
    public static TimeSpan Next(int retry, TimeSpan baseDelay, TimeSpan? retryAfter, TimeSpan? maxDelay = null)
    {
        if (retryAfter is { } asked && asked >= TimeSpan.Zero)
        {
            return asked;
        }
        // Full jitter on top of the doubling spreads clients that failed together so they do not retry together.
        // The exponent stops at 30: 2^30 base delays is past any cap, and a larger one overflows TimeSpan.
        var backoff = baseDelay * Math.Pow(2, Math.Min(retry, 30)) + baseDelay * Random.Shared.NextDouble();
        return maxDelay is { } cap && backoff > cap ? cap : backoff;
    }

    /// <summary><c>Retry-After</c> as seconds or a date, or OpenAI's <c>retry-after-ms</c>; null when absent or unreadable.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.TryGetValues("retry-after-ms", out var values) && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
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
