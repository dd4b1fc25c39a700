using System.Security.Cryptography;
using System.Text;

namespace Udc.Access;

/// <summary>
/// Client keys look like <c>udc_{id}_{secret}{checksum}</c>: a prefix that secret scanners and people
/// recognise, a 12-character id (the <c>key_id</c>, safe to log), a 32-character secret and a 6-character
/// checksum (CRC-32) of everything before it, all base62. The checksum rejects a mistyped or made-up key without a
/// database look-up; only the SHA-256 of the secret is ever stored.
/// </summary>
internal static class ApiKeyFormat
{
    public const string Prefix = "udc_";

    public const int IdLength = 12;

    /// <summary>32 base62 characters are 190 bits: far past guessing, so a plain SHA-256 is a safe hash.</summary>
    public const int SecretLength = 32;

    /// <summary>6 base62 characters hold the 32-bit checksum (62^6 > 2^32).</summary>
    public const int ChecksumLength = 6;

    public const int Length = 4 + IdLength + 1 + SecretLength + ChecksumLength;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new key: its id, the plaintext to show once, and the hash to store.</summary>
    public static (string Id, string Plaintext, byte[] SecretHash) Generate()
    {
        var id = RandomNumberGenerator.GetString(Alphabet, IdLength);
        var secret = RandomNumberGenerator.GetString(Alphabet, SecretLength);
        var body = $"{Prefix}{id}_{secret}";
        Span<char> checksum = stackalloc char[ChecksumLength];
        WriteChecksum(body, checksum);
        return (id, body + new string(checksum), HashSecret(secret));
    }

    /// <summary>Splits a presented key without allocating; false when its shape or checksum is wrong.</summary>
    public static bool TryParse(ReadOnlySpan<char> key, out ReadOnlySpan<char> id, out ReadOnlySpan<char> secret)
    {
        id = secret = default;
        if (key.Length != Length || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[4 + IdLength] != '_')
        {
            return false;
        }
        var idPart = key.Slice(4, IdLength);
        var secretPart = key.Slice(4 + IdLength + 1, SecretLength);
        if (!IsBase62(idPart) || !IsBase62(secretPart))
        {
            return false;
        }
        Span<char> checksum = stackalloc char[ChecksumLength];
        WriteChecksum(key[..^ChecksumLength], checksum);
        if (!key[^ChecksumLength..].SequenceEqual(checksum))
        {
            return false;
        }
        id = idPart;
        secret = secretPart;
        return true;
    }

    public static byte[] HashSecret(ReadOnlySpan<char> secret)
    {
        var hash = new byte[SHA256.HashSizeInBytes];
        HashSecret(secret, hash);
        return hash;
    }

    /// <summary>The SHA-256 of the secret's bytes (base62 is ASCII), into a caller's buffer.</summary>
    public static void HashSecret(ReadOnlySpan<char> secret, Span<byte> hash)
    {
        Span<byte> bytes = stackalloc byte[SecretLength];
        var count = Encoding.ASCII.GetBytes(secret, bytes);
        SHA256.HashData(bytes[..count], hash);
    }

    /// <summary>True when <paramref name="id"/> could be a key id (checked before it reaches SQL or a log).</summary>
    public static bool IsValidId(ReadOnlySpan<char> id) => id.Length == IdLength && IsBase62(id);

    private static bool IsBase62(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// CRC-32 of the rest, as GitHub's tokens do: it only has to catch typos and made-up keys cheaply (about 20 ns,
    /// where a second SHA-256 would cost ~500 ns per request); the secret's hash is what proves the key.
    /// </summary>
    private static void WriteChecksum(ReadOnlySpan<char> body, Span<char> chars)
    {
        Span<byte> ascii = stackalloc byte[Length];
        var count = Encoding.ASCII.GetBytes(body, ascii);
        var value = System.IO.Hashing.Crc32.HashToUInt32(ascii[..count]);
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % 62)];
            value /= 62;
        }
    }
}
