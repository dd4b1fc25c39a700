using System.Security.Cryptography;
using System.Text;
using Udc.Hosting;

namespace Udc.Access;

/// <param name="TenantColumn">
/// <c>TENANT_COLUMN</c>: a caller with a tenant sees only the rows of every source having this column whose value is
/// its tenant; unset, tenants filter nothing.
/// </param>
/// <param name="HashKey">
/// <c>UDC_HASH_KEY</c>: the secret of the <c>hash</c> column policy. Set it (32+ characters) for pseudonyms that stay
/// the same across restarts and replicas; unset, each process draws its own.
/// </param>
internal sealed record PolicySettings(string? TenantColumn, byte[] HashKey)
{
    public const string HashKeyVariable = "UDC_HASH_KEY";

    /// <summary>A key of fewer than 32 characters is guessable enough to reverse hashed phone numbers by trial.</summary>
    private const int MinHashKeyLength = 32;

    public static PolicySettings Read(SettingsReader reader)
    {
        var tenant = reader.String("TENANT_COLUMN");
        var secret = reader.Secret(HashKeyVariable);
        if (secret is { Length: < MinHashKeyLength })
        {
            reader.Error($"{HashKeyVariable} must have at least {MinHashKeyLength} characters");
        }
        return new PolicySettings(tenant, secret is { Length: >= MinHashKeyLength } ? Encoding.UTF8.GetBytes(secret) : DrawKey());
    }

    /// <summary>
    /// 32 random bytes from the kernel's generator. Not through <see cref="RandomNumberGenerator"/> where the kernel's
    /// device can be read: on Linux that loads and sets up OpenSSL, which would otherwise be the only reason to do so
    /// before the server listens (bench/RESULTS.md, "Start-up"); what needs OpenSSL loads it on first use.
    /// </summary>
    private static byte[] DrawKey()
    {
        var key = new byte[32];
        try
        {
            using var kernel = new FileStream("/dev/urandom", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            kernel.ReadExactly(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RandomNumberGenerator.Fill(key);
        }
        return key;
    }
}
