using Udc.Hosting;

namespace Udc.Access;

/// <param name="AuthEnabled">Whether data routes need a client key (<c>AUTH_ENABLED</c>, default false). The
/// operator's key (<c>ADMIN_API_KEY</c>) is checked here for length and held by <see cref="Hosting.AdminKey"/>.</param>
internal sealed record AccessSettings(bool AuthEnabled)
{
    /// <summary>Shorter admin keys are guessable; 16 characters of a random string is 80+ bits.</summary>
    public const int MinAdminKeyLength = 16;

    public static AccessSettings Read(SettingsReader reader)
    {
        var adminKey = reader.Secret(Hosting.AdminKey.SettingName);
        if (adminKey is { Length: < MinAdminKeyLength })
        {
            reader.Error($"ADMIN_API_KEY must be at least {MinAdminKeyLength} characters (use a random string, e.g. 'openssl rand -hex 32')");
        }
        return new AccessSettings(reader.Bool("AUTH_ENABLED", false));
    }
}
