using System.Collections.Frozen;

namespace Udc.Access;

/// <summary>Who a request is, once authenticated; kept in the request's features.</summary>
/// <param name="KeyId">The client key's id, or null for the admin and for anonymous requests (auth off).</param>
/// <param name="Sources">The sources the caller may read; null means all.</param>
internal sealed record ClientIdentity(string? KeyId, bool IsAdmin, FrozenSet<string>? Sources)
{
    public static readonly ClientIdentity Admin = new(null, true, null);

    /// <summary>The rate-limit partition of this caller, made once rather than on every request.</summary>
    public string Partition { get; } = KeyId is not null ? "key:" + KeyId : IsAdmin ? "admin" : "anonymous";

    /// <summary>This caller as <c>HttpContext.User</c>; made once per key, like the identity itself.</summary>
    public ClientPrincipal Principal => field ??= new ClientPrincipal(this);

    public bool CanRead(string source) => Sources is null || Sources.Contains(source);
}
