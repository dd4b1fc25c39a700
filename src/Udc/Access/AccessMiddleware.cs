using Microsoft.Extensions.Primitives;
using Udc.Hosting;
using Udc.RateLimiting;

namespace Udc.Access;

/// <summary>
/// Authenticates each request by its route's <see cref="AccessPolicy"/>. Client keys come only from
/// <c>X-API-Key</c> or <c>Authorization: Bearer</c>; the admin key only from <c>X-Admin-Key</c>; a key in the
/// query string is refused outright (URLs end up in logs and browser history). Every failed attempt counts
/// toward the address's failed-authentication limit, checked before any key is looked at.
/// </summary>
internal sealed partial class AccessMiddleware(RequestDelegate next, AccessSettings settings, AdminKey adminKey, ApiKeyRegistry keys, Oidc.OidcAuthenticator oidc, RequestRateLimiter limiter, Audit.ReadGovernor governor, ILogger<AccessMiddleware> logger)
{
    public const string ApiKeyHeader = "X-API-Key";

    /// <summary>Query parameters people put keys in; their presence is an error, never a credential.</summary>
    private static readonly string[] s_queryKeyNames = ["api_key", "apikey", "api-key", "x-api-key", "access_token", "admin_key"];

    /// <summary>One message for every bad key: unknown, revoked, expired and malformed must look the same.</summary>
    private const string InvalidKeyMessage = "A valid API key is required: send it in the X-API-Key header (or Authorization: Bearer).";

    private const string InvalidAdminKeyMessage = "This route needs the admin key in the X-Admin-Key header.";

    /// <summary>Not async: an authenticated request goes on to the next middleware without a state machine of its own.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var policy = context.AccessPolicyOf();
        if (policy == AccessPolicy.Public)
        {
            return next(context);
        }
        if (KeyInQuery(context.Request.Query) is { } parameter)
        {
            Audit(context, StatusCodes.Status401Unauthorized);
            return ApiError.Create(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidApiKey,
                $"API keys are never accepted in the query string ('{parameter}'); send the key in the X-API-Key header.",
                [new Engine.Query.ValidationIssue(["query", parameter], "credentials are not accepted in the URL", "value_error")]).ExecuteAsync(context);
        }
        return policy switch
        {
            AccessPolicy.Signed => next(context),
            // With no admin key configured, admin routes are closed, and say so rather than reject every key.
            AccessPolicy.Admin when !adminKey.IsConfigured => ApiError.Create(StatusCodes.Status403Forbidden, ErrorCodes.AdminDisabled,
                $"Admin routes are disabled: set {AdminKey.SettingName} to enable them.").ExecuteAsync(context),
            AccessPolicy.Admin => AuthenticateAsync(context, adminKey.Matches(context.Request.Headers[AdminKey.HeaderName]) ? ClientIdentity.Admin : null, InvalidAdminKeyMessage),
            AccessPolicy.Client or AccessPolicy.ClientOrAdmin when !settings.AuthEnabled => next(context),
            AccessPolicy.ClientOrAdmin when adminKey.IsConfigured && context.Request.Headers.ContainsKey(AdminKey.HeaderName) =>
                AuthenticateAsync(context, adminKey.Matches(context.Request.Headers[AdminKey.HeaderName]) ? ClientIdentity.Admin : null, InvalidKeyMessage),
            _ when PresentedKey(context.Request) is { } token && oidc.Accepts(token) => AuthenticateTokenAsync(context, token),
            _ => AuthenticateAsync(context, PresentedKey(context.Request) is { } key ? Identify(context, key) : null, InvalidKeyMessage),
        };
    }

    /// <summary>The key's identity: proven earlier on this connection, or checked in full and proven from now on.</summary>
    private ClientIdentity? Identify(HttpContext context, string presented)
    {
        if (KeyProof.On(context) is { } proof && proof.Proves(presented))
        {
            return keys.ValidateProven(proof.KeyId);
        }
        var identity = keys.Validate(presented);
        if (identity?.KeyId is { } keyId)
        {
            KeyProof.Keep(context, presented, keyId);
        }
        return identity;
    }

    /// <summary>An OIDC token: its signature, issuer, audience and times, then the rule its claims match.</summary>
    private async Task AuthenticateTokenAsync(HttpContext context, string token) =>
        await AuthenticateAsync(context, await oidc.AuthenticateAsync(token, context.RequestAborted), InvalidKeyMessage);

    private Task AuthenticateAsync(HttpContext context, ClientIdentity? identity, string failureMessage)
    {
        if (limiter.IsBlocked(context, out var blocked))
        {
            Audit(context, StatusCodes.Status429TooManyRequests);
            RateLimitHeaders.Write(context.Response, blocked);
            return RateLimitHeaders.Rejection(blocked, null).ExecuteAsync(context);
        }
        if (identity is not null)
        {
            context.Features.Set(identity);
            context.User = identity.Principal;
            return next(context);
        }
        return RejectAsync(context, failureMessage);
    }

    private async Task RejectAsync(HttpContext context, string failureMessage)
    {
        var address = ClientAddress.Of(context);
        LogRejected(logger, context.Request.Method, context.Request.Path, address);
        var decision = await limiter.RecordAuthFailureAsync(address);
        if (!decision.Allowed)
        {
            Audit(context, StatusCodes.Status429TooManyRequests);
            RateLimitHeaders.Write(context.Response, decision);
            await RateLimitHeaders.Rejection(decision, null).ExecuteAsync(context);
            return;
        }
        Audit(context, StatusCodes.Status401Unauthorized);
        context.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-API-Key\"";
        await ApiError.Create(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidApiKey, failureMessage).ExecuteAsync(context);
    }

    /// <summary>Method and path only: the query string may hold the very key being refused.</summary>
    private void Audit(HttpContext context, int status) =>
        governor.Unauthorized(Udc.Audit.ReadGovernanceMiddleware.SurfaceOf(context.Request.Path.Value ?? ""), $"{context.Request.Method} {context.Request.Path}", status);

    /// <summary>The client key from <c>X-API-Key</c>, else from <c>Authorization: Bearer</c>.</summary>
    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[ApiKeyHeader] is { Count: 1 } header && header[0] is { Length: > 0 } key)
        {
            return key.Trim();
        }
        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value["Bearer ".Length..].Trim();
        }
        return null;
    }

    private static string? KeyInQuery(IQueryCollection query)
    {
        if (query.Count == 0)
        {
            return null;
        }
        foreach (var name in s_queryKeyNames)
        {
            if (query.TryGetValue(name, out StringValues _))
            {
                return name;
            }
        }
        return null;
    }

    // The key itself is never logged: only where the attempt came from.
    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected credentials for {Method} {Path} from {Address}")]
    private static partial void LogRejected(ILogger logger, string method, string path, string address);
}
