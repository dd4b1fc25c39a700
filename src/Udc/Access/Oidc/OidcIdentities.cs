using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;

namespace Udc.Access.Oidc;

/// <summary>
/// A validated token's claims as a <see cref="ClientIdentity"/>: its subject, and the sources, row filters and column
/// policies of the first rule whose claim it holds, with its tenant from the tenant claim. Identities are kept per
/// subject, rule and tenant, so a caller's tool set and policy views are made once, not per request.
/// </summary>
internal sealed class OidcIdentities(OidcSettings settings)
{
    /// <summary>10,000 callers' identities; past that the table starts again (each is rebuilt on its next request).</summary>
    private const int MaxKept = 10_000;

    private readonly ConcurrentDictionary<(string Subject, int Rule, string? Tenant), ClientIdentity> _kept = new();

    /// <summary>The identity for the claims; null when no rule matches (the token is valid but grants nothing).</summary>
    public ClientIdentity? For(JsonElement claims)
    {
        if (JwtValidator.Text(claims, "sub") is not { Length: > 0 and <= 200 } subject)
        {
            return null;
        }
        var rules = settings.Policies.Rules;
        var index = rules.FindIndex(rule => Holds(claims, settings.Policies.Claim, rule.When));
        if (index < 0)
        {
            return null;
        }
        var tenant = settings.Policies.TenantClaim is { } tenantClaim ? Scalar(claims, tenantClaim) : null;
        if (_kept.Count >= MaxKept)
        {
            _kept.Clear();
        }
        return _kept.GetOrAdd((subject, index, tenant), key =>
        {
            var rule = rules[key.Rule];
            var written = rule.Policy with { Tenant = key.Tenant };
            var policy = written.IsEmpty ? null : CallerPolicy.From(written, [], []);
            // A tenant claim that is not a valid tenant closes every source rather than open every row.
            var sources = !written.IsEmpty && policy is null ? FrozenSet<string>.Empty : rule.Sources?.ToFrozenSet(StringComparer.Ordinal);
            return new ClientIdentity(null, false, sources) { Subject = key.Subject, Policy = policy };
        });
    }

    /// <summary>The claim is the value, or an array holding it (groups and roles usually are).</summary>
    private static bool Holds(JsonElement claims, string claim, string value) =>
        claims.TryGetProperty(claim, out var held) && (held.ValueKind == JsonValueKind.Array
            ? held.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && v.GetString() == value)
            : Scalar(claims, claim) == value);

    private static string? Scalar(JsonElement claims, string claim) =>
        claims.TryGetProperty(claim, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
