namespace Udc.Access;

/// <summary>What a route asks of a caller. A route that says nothing is <see cref="Client"/>: closed by default.</summary>
internal enum AccessPolicy
{
    /// <summary>A client key when <c>AUTH_ENABLED</c> is on; anyone otherwise.</summary>
    Client,

    /// <summary>Anyone, always (health, the OpenAPI document).</summary>
    Public,

    /// <summary>The admin key, always; client keys are never accepted.</summary>
    Admin,

    /// <summary>Authenticated by the request's own signature, checked by the route (webhooks).</summary>
    Signed,

    /// <summary>
    /// Like <see cref="Client"/>, and the admin key in <c>X-Admin-Key</c> is accepted too: what an operator reads
    /// (the health summary), which tells too much about the server to be public once keys are on.
    /// </summary>
    ClientOrAdmin,
}

/// <summary>Endpoint metadata carrying the route's <see cref="AccessPolicy"/>.</summary>
internal sealed record AccessPolicyMetadata(AccessPolicy Policy);

internal static class AccessPolicyExtensions
{
    public static TBuilder WithAccess<TBuilder>(this TBuilder builder, AccessPolicy policy)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AccessPolicyMetadata(policy));

    public static AccessPolicy AccessPolicyOf(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<AccessPolicyMetadata>()?.Policy ?? AccessPolicy.Client;
}
