using System.Security.Cryptography;
using System.Text;

namespace Udc.Hosting;

/// <summary>
/// The seed's admin check, made by the access middleware for every admin route: the <c>X-Admin-Key</c> header
/// must equal <c>ADMIN_API_KEY</c>. With no admin key configured, admin routes are closed rather than open.
/// Compared in constant time so response timing does not reveal how much of a guess was right.
/// </summary>
internal sealed class AdminKey(string? configuredKey)
{
    public const string HeaderName = "X-Admin-Key";
    public const string SettingName = "ADMIN_API_KEY";

    private readonly string? _configured = string.IsNullOrEmpty(configuredKey) ? null : configuredKey;

    /// <summary>
    /// Hashed at the first check, not at start: the first hash loads OpenSSL, milliseconds a server that starts with an
    /// admin key would otherwise spend before it listens.
    /// </summary>
    private byte[]? _expectedHash;

    public bool IsConfigured => _configured is not null;

    /// <summary>Shorter admin keys are guessable; 16 characters of a random string is 80+ bits.</summary>
    public const int MinLength = 16;

    public static AdminKey Read(SettingsReader reader)
    {
        var key = reader.Secret(SettingName);
        if (key is { Length: < MinLength })
        {
            reader.Error($"{SettingName} must be at least {MinLength} characters (use a random string, e.g. 'openssl rand -hex 32')");
        }
        return new AdminKey(key);
    }

    /// <summary>Hashing both sides first makes the compare constant-time whatever the lengths.</summary>
    public bool Matches(string? presented)
    {
        if (_configured is null || string.IsNullOrEmpty(presented))
        {
            return false;
        }
        var expectedHash = _expectedHash ??= SHA256.HashData(Encoding.UTF8.GetBytes(_configured));
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
    }
}
