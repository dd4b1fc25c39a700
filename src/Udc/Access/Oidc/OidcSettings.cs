using System.Text.Json;
using Udc.Hosting;

namespace Udc.Access.Oidc;

/// <summary>
/// Identity from an OIDC provider: <c>Authorization: Bearer</c> tokens signed by the issuer's keys (<c>OIDC_JWKS_URL</c>)
/// for <c>OIDC_AUDIENCE</c>. <c>OIDC_POLICIES</c> maps claims to what a caller reads: rules tried in order, the first
/// whose claim holds its value decides; a token no rule matches reads nothing.
/// </summary>
/// <param name="Issuer"><c>OIDC_ISSUER</c>: the <c>iss</c> every token must carry; unset turns OIDC off.</param>
/// <param name="ClockSkew"><c>OIDC_CLOCK_SKEW_SECONDS</c>, default 60: leeway on <c>exp</c> and <c>nbf</c> for clocks that drift.</param>
internal sealed record OidcSettings(string? Issuer, string? Audience, Uri? JwksUrl, OidcPolicies Policies, TimeSpan ClockSkew)
{
    public bool Enabled => Issuer is not null;

    public static OidcSettings Read(SettingsReader reader)
    {
        var issuer = reader.String("OIDC_ISSUER");
        var audience = reader.String("OIDC_AUDIENCE");
        var jwks = reader.Url("OIDC_JWKS_URL", null);
        var policies = new OidcPolicies();
        if (reader.String("OIDC_POLICIES") is { } json)
        {
            try
            {
                policies = JsonSerializer.Deserialize(json, AccessJsonContext.Default.OidcPolicies) ?? policies;
                var issues = new List<Engine.Query.ValidationIssue>();
                foreach (var (rule, index) in policies.Rules.Select((r, i) => (r, i)))
                {
                    CallerPolicy.From(rule.Policy, ["rules", index.ToString(System.Globalization.CultureInfo.InvariantCulture)], issues);
                }
                foreach (var issue in issues)
                {
                    reader.Error($"OIDC_POLICIES {string.Join('.', issue.Loc)}: {issue.Msg}");
                }
            }
            catch (JsonException e)
            {
                reader.Error($"OIDC_POLICIES must be a JSON object with claim, tenant_claim and rules: {e.Message}");
            }
        }
        if (issuer is not null && (audience is null || jwks is null))
        {
            reader.Error("OIDC_ISSUER needs OIDC_AUDIENCE and OIDC_JWKS_URL too");
        }
        var skew = reader.Int("OIDC_CLOCK_SKEW_SECONDS", 60, 0, 600);
        return new OidcSettings(issuer, audience, jwks, policies, TimeSpan.FromSeconds(skew));
    }
}

/// <summary>The claim the rules look at (<c>groups</c> by default), the claim holding a tenant, and the rules.</summary>
internal sealed record OidcPolicies
{
    public string Claim { get; init; } = "groups";

    public string? TenantClaim { get; init; }

    public List<OidcRule> Rules { get; init; } = [];
}

/// <summary>When the claim holds <see cref="When"/>: the sources (null for all), row filters and column policies.</summary>
internal sealed record OidcRule
{
    public string When { get; init; } = "";

    public string[]? Sources { get; init; }

    public Dictionary<string, string>? RowFilters { get; init; }

    public Dictionary<string, Dictionary<string, string>>? ColumnPolicies { get; init; }

    public KeyPolicy Policy => new() { RowFilters = RowFilters, ColumnPolicies = ColumnPolicies };
}
