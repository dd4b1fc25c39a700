namespace Udc.Access.Oidc;

/// <summary>A bearer token that is a JWT, when OIDC is configured: validated, then mapped to an identity.</summary>
internal sealed partial class OidcAuthenticator(OidcSettings settings, JwtValidator validator, OidcIdentities identities, ILogger<OidcAuthenticator> logger)
{
    public bool Enabled => settings.Enabled;

    /// <summary>A JWT has two dots; a UDC key has none.</summary>
    public bool Accepts(string presented) => settings.Enabled && !presented.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal) && presented.AsSpan().Count('.') == 2;

    public async ValueTask<ClientIdentity?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var (claims, problem) = await validator.ValidateAsync(token, cancellationToken);
        if (claims is not { } valid)
        {
            LogRefused(logger, problem!);
            return null;
        }
        if (identities.For(valid) is { } identity)
        {
            return identity;
        }
        LogNoRule(logger);
        return null;
    }

    // Neither the token nor a claim's value is logged: only why it was refused.
    [LoggerMessage(Level = LogLevel.Information, Message = "Refused an OIDC token: {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused an OIDC token: no rule of OIDC_POLICIES matches its claims")]
    private static partial void LogNoRule(ILogger logger);
}
