using System.Security.Claims;

namespace Udc.Access;

/// <summary>
/// A <see cref="ClientIdentity"/> as the <see cref="ClaimsPrincipal"/> ASP.NET Core carries in
/// <c>HttpContext.User</c>. MCP reads it from there: the SDK hands the request's user to every tool and resource
/// call, and binds each stateful session to the key id in <see cref="ClaimTypes.NameIdentifier"/>, so one key
/// cannot continue another key's session.
/// </summary>
internal sealed class ClientPrincipal : ClaimsPrincipal
{
    public const string AuthenticationType = "ApiKey";

    public ClientPrincipal(ClientIdentity identity)
        : base(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, identity.Partition)], AuthenticationType))
    {
        Identity = identity;
    }

    public new ClientIdentity Identity { get; }

    /// <summary>The caller behind an MCP request; null when API keys are off (or over stdio), which means every source.</summary>
    public static ClientIdentity? IdentityOf(ClaimsPrincipal? user) => (user as ClientPrincipal)?.Identity;
}
