using System.Security.Cryptography;
using System.Text;

namespace Udc.Access;

/// <summary>
/// The operator's key check. Both sides are hashed first, so the comparison is constant-time over a fixed
/// length and leaks neither the key's characters nor its length.
/// </summary>
internal static class AdminKey
{
    public const string HeaderName = "X-Admin-Key";

    public static bool Matches(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
        {
            return false;
        }
        Span<byte> left = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> right = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), left);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), right);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }
}
