namespace Udc.Features.Auth;

/// <summary>The body of <c>POST /auth/api-keys</c>.</summary>
internal sealed record CreateApiKeyRequest
{
    public string? Name { get; init; }

    /// <summary>Sources the key may read; omitted or null for all.</summary>
    public string[]? Sources { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}
