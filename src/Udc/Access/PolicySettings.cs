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
        return new PolicySettings(tenant, secret is { Length: >= MinHashKeyLength } ? Encoding.UTF8.GetBytes(secret) : RandomNumberGenerator.GetBytes(32));
    }
}
