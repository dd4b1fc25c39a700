using Udc.Access;

namespace Udc.Features.Auth;

/// <summary>The body of <c>POST /auth/api-keys</c>.</summary>
internal sealed record CreateApiKeyRequest
{
    public string? Name { get; init; }

    /// <summary>Sources the key may read; omitted or null for all.</summary>
    public string[]? Sources { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The key's tenant (see <c>TENANT_COLUMN</c>).</summary>
    public string? Tenant { get; init; }

    /// <summary>Per source (or <c>*</c>), the condition every row the key reads must meet.</summary>
    public Dictionary<string, string>? RowFilters { get; init; }

    /// <summary>Per source (or <c>*</c>), per column: hide, mask, hash or partial.</summary>
    public Dictionary<string, Dictionary<string, string>>? ColumnPolicies { get; init; }

    public KeyPolicy Policy => new() { Tenant = Tenant, RowFilters = RowFilters, ColumnPolicies = ColumnPolicies };
}
