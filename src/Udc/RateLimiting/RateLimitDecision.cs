using System.Globalization;

namespace Udc.RateLimiting;

/// <summary>The outcome of one acquisition, with what the <c>RateLimit</c> headers report.</summary>
/// <param name="Policy">The policy's name in the headers (<c>per-source</c>, <c>auth-failures</c>).</param>
/// <param name="ResetMilliseconds">Time until the oldest counted request leaves the window.</param>
internal readonly record struct RateLimitDecision(bool Allowed, string Policy, int Limit, int WindowSeconds, int Remaining, long ResetMilliseconds)
{
    /// <summary>Whole seconds, rounded up, never 0 for a rejection: clients that wait that long get through.</summary>
    public int ResetSeconds => (int)Math.Max(Allowed ? 0 : 1, (ResetMilliseconds + 999) / 1000);

    /// <summary>What a rejected caller is told, on <c>/data</c> and in a tool result alike.</summary>
    public string RejectionMessage(string? source)
    {
        var what = Policy switch
        {
            RequestRateLimiter.AuthFailurePolicy => "Too many failed authentication attempts from this address",
            RequestRateLimiter.SignatureFailurePolicy => "Too many webhooks with a bad signature from this address (correctly signed ones are still accepted)",
            RequestRateLimiter.QuotaPolicy => "This caller's read quota is spent (a read costs 1, plus 1 per 1,000 rows scanned and 1 per row returned)",
            _ => source is null or "*" ? "Rate limit exceeded" : $"Rate limit for source '{source}' exceeded",
        };
        return Policy == RequestRateLimiter.QuotaPolicy
            ? string.Create(CultureInfo.InvariantCulture, $"{what}: {Limit} units per {WindowSeconds} s. Retry after {ResetSeconds} s, or narrow the filter and ask for fewer rows.")
            : string.Create(CultureInfo.InvariantCulture, $"{what}: {Limit} requests per {WindowSeconds} s. Retry after {ResetSeconds} s.");
    }
}
