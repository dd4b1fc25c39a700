using System.Globalization;
using Udc.Hosting;
using Udc.Observability;

namespace Udc.RateLimiting;

/// <summary>
/// The IETF draft's headers (draft-ietf-httpapi-ratelimit-headers): <c>RateLimit-Policy</c> states the quota
/// (<c>q</c> requests per <c>w</c> seconds), <c>RateLimit</c> what is left (<c>r</c>) and when the oldest
/// counted request leaves the window (<c>t</c> seconds). A rejection adds <c>Retry-After</c>.
/// </summary>
internal static class RateLimitHeaders
{
    /// <summary>Policies are few (one per limit value); their header is formatted once each.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int, int), string> s_policies = new();

    public static void Write(HttpResponse response, in RateLimitDecision decision)
    {
        var headers = response.Headers;
        headers["RateLimit-Policy"] = s_policies.GetOrAdd((decision.Policy, decision.Limit, decision.WindowSeconds),
            static key => string.Create(CultureInfo.InvariantCulture, $"\"{key.Item1}\";q={key.Item2};w={key.Item3}"));
        headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"{decision.Policy}\";r={decision.Remaining};t={decision.ResetSeconds}");
        if (!decision.Allowed)
        {
            headers.RetryAfter = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    public static JsonResponse Rejection(in RateLimitDecision decision, string? source)
    {
        UdcTelemetry.RateLimitRejections.Add(1, new("policy", decision.Policy), new("source", source ?? "*"));
        return ApiError.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, decision.RejectionMessage(source));
    }
}
