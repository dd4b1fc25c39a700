using System.Collections.Frozen;

namespace Udc.Access;

/// <summary>Who a request is, once authenticated; kept in the request's features.</summary>
/// <param name="KeyId">The client key's id, or null for the admin and for anonymous requests (auth off).</param>
/// <param name="Sources">The sources the caller may read; null means all.</param>
internal sealed record ClientIdentity(string? KeyId, bool IsAdmin, FrozenSet<string>? Sources)
{
    /// <summary>The caller's row and column policies; null when it sees every row and value of its sources.</summary>
    public CallerPolicy? Policy { get; init; }

    /// <summary>Who the caller is in the audit trail: <c>key:{id}</c>, <c>oidc:{subject}</c>, <c>admin</c> or <c>anonymous</c>.</summary>
    public string Caller => Subject is { } subject ? "oidc:" + subject : Partition;

    /// <summary>The subject (<c>sub</c>) of an OIDC token; null for keys.</summary>
    public string? Subject { get; init; }

    public static readonly ClientIdentity Admin = new(null, true, null);

    /// <summary>The rate-limit partition of this caller, made once rather than on every request.</summary>
    public string Partition => field ??= Subject is { } subject ? "oidc:" + subject : KeyId is not null ? "key:" + KeyId : IsAdmin ? "admin" : "anonymous";

    /// <summary>This caller as <c>HttpContext.User</c>; made once per key, like the identity itself.</summary>
    public ClientPrincipal Principal => field ??= new ClientPrincipal(this);

    public bool CanRead(string source) => Sources is null || Sources.Contains(source);
}
