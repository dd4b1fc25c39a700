namespace Udc.Access;

/// <summary>
/// A caller's row and column policies as an admin writes them (the key body, the key table, the Redis bus, OIDC claim
/// mappings). A source named <c>*</c> applies to every source.
/// </summary>
internal sealed record KeyPolicy
{
    /// <summary>The caller's tenant: every source with the tenant column (<c>TENANT_COLUMN</c>) shows only its rows.</summary>
    public string? Tenant { get; init; }

    /// <summary>Per source, a condition every row the caller sees must meet (SQL WHERE syntax).</summary>
    public Dictionary<string, string>? RowFilters { get; init; }

    /// <summary>Per source, per column: hide, mask, hash or partial.</summary>
    public Dictionary<string, Dictionary<string, string>>? ColumnPolicies { get; init; }

    public bool IsEmpty => Tenant is null && RowFilters is not { Count: > 0 } && ColumnPolicies is not { Count: > 0 };
}
