using System.Security.Cryptography;
using System.Text;

namespace Udc.Engine.Policies;

/// <summary>
/// Turns a value into what a column policy shows of it. <see cref="ColumnRule.Hash"/> is an HMAC-SHA256 under the
/// server's hash key, so a pseudonym cannot be reversed by hashing guesses (a phone number has ~10^10 candidates,
/// seconds of work against a plain hash).
/// </summary>
internal sealed class ValueMasker(byte[] hashKey)
{
    public const string Masked = "****";

    /// <summary>8 bytes (16 hex digits): collisions among a billion distinct values are unlikely (~3%).</summary>
    private const int HashBytes = 8;

    /// <summary>
    /// Names the hash key without revealing it, so cache keys differ when the key does. Computed on first use: a
    /// server whose policies hash nothing never needs it, and hashing at construction would load OpenSSL before the
    /// server listens.
    /// </summary>
    public string KeyTag => field ??= Convert.ToHexStringLower(SHA256.HashData(hashKey).AsSpan(0, 4));

    public string Apply(ColumnRule rule, string value) => rule switch
    {
        ColumnRule.Mask => Masked,
        ColumnRule.Hash => Hash(value),
        ColumnRule.Partial => Partial(value),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    private string Hash(string value)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(value), hash);
        return "h_" + Convert.ToHexStringLower(hash[..HashBytes]);
    }

    /// <summary>
    /// An email keeps its first character and its domain (<c>j***@example.com</c>); a value of 8 characters or more
    /// keeps its last 4 (a card or phone number's usual hint, <c>***4242</c>); a shorter one keeps its first.
    /// </summary>
    public static string Partial(string value)
    {
        var at = value.IndexOf('@');
        if (at > 0 && at < value.Length - 1)
        {
            return string.Concat(value.AsSpan(0, 1), "***", value.AsSpan(at));
        }
        if (value.Length >= 8)
        {
            return string.Concat("***", value.AsSpan(value.Length - 4));
        }
        return value.Length == 0 ? "" : string.Concat(value.AsSpan(0, 1), "***");
    }
}
