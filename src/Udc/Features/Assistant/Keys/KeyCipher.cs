using System.Security.Cryptography;
using System.Text;
using Udc.Hosting;

namespace Udc.Features.Assistant.Keys;

/// <summary>
/// Encrypts stored provider keys with AES-256-GCM under a key derived from <c>UDC_MASTER_KEY</c>. Each secret
/// gets a fresh 12-byte nonce and is bound to its row (id and provider as associated data), so a ciphertext
/// copied to another row does not decrypt.
/// </summary>
internal sealed class KeyCipher
{
    public const string SettingName = "UDC_MASTER_KEY";

    /// <summary>32 characters carry at least 128 bits even as hex; shorter master keys are refused.</summary>
    public const int MinMasterKeyLength = 32;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    /// <summary>The cipher under <c>UDC_MASTER_KEY</c>, or null when it is unset (storing keys is then refused).</summary>
    public static KeyCipher? Read(SettingsReader reader)
    {
        if (reader.Secret(SettingName) is not { } master)
        {
            return null;
        }
        if (master.Length < MinMasterKeyLength)
        {
            reader.Error($"{SettingName} must be at least {MinMasterKeyLength} characters");
            return null;
        }
        return new KeyCipher(master);
    }

    public KeyCipher(string masterKey)
    {
        if (masterKey.Length < MinMasterKeyLength)
        {
            throw new ArgumentException($"{SettingName} must be at least {MinMasterKeyLength} characters.", nameof(masterKey));
        }
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(masterKey), 32, Encoding.UTF8.GetBytes("udc.provider-keys"), Encoding.UTF8.GetBytes("aes-256-gcm"));
        // A short fingerprint of the derived key tells a changed master key apart from a corrupt row.
        Fingerprint = Convert.ToHexStringLower(HMACSHA256.HashData(_key, "udc.key-check"u8)[..8]);
    }

    public string Fingerprint { get; }

    public byte[] Encrypt(string secret, string associated)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var blob = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = blob.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(NonceBytes, plaintext.Length), blob.AsSpan(NonceBytes + plaintext.Length), Encoding.UTF8.GetBytes(associated));
        CryptographicOperations.ZeroMemory(plaintext);
        return blob;
    }

    /// <exception cref="CryptographicException">The blob was not encrypted under this key for this row.</exception>
    public string Decrypt(byte[] blob, string associated)
    {
        var length = blob.Length - NonceBytes - TagBytes;
        if (length < 0)
        {
            throw new CryptographicException("The stored secret is too short.");
        }
        var plaintext = new byte[length];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(blob.AsSpan(0, NonceBytes), blob.AsSpan(NonceBytes, length), blob.AsSpan(NonceBytes + length), plaintext, Encoding.UTF8.GetBytes(associated));
        var secret = Encoding.UTF8.GetString(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        return secret;
    }
}
