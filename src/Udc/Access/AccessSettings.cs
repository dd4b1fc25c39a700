using Udc.Hosting;

namespace Udc.Access;

/// <param name="AuthEnabled">Whether data routes need a client key (<c>AUTH_ENABLED</c>, default false). The
/// operator's key (<c>ADMIN_API_KEY</c>) is read and checked by <see cref="Hosting.AdminKey"/>.</param>
internal sealed record AccessSettings(bool AuthEnabled)
{
    public static AccessSettings Read(SettingsReader reader) => new(reader.Bool("AUTH_ENABLED", false));
}
