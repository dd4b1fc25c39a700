using System.Globalization;
using System.Security.Cryptography;
using Udc.Llm;
using Udc.Storage;

namespace Udc.Features.Assistant.Keys;

/// <summary>A stored key as listed: never the secret.</summary>
internal sealed record StoredKeyInfo(string Id, string Provider, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// Provider keys in SQLite, encrypted with <see cref="KeyCipher"/>. Without a master key nothing can be stored
/// (<see cref="CanStore"/> is false), but keys already listed can still be listed and deleted.
/// </summary>
internal sealed class ProviderKeyStore(SqliteDatabase database, KeyCipher? cipher, TimeProvider time)
{
    public bool CanStore => cipher is not null;

    public StoredKeyInfo Create(LlmProvider provider, string name, string apiKey)
    {
        var active = cipher ?? throw new InvalidOperationException("No master key.");
        var id = Guid.NewGuid().ToString();
        var providerName = provider.ToWireName();
        var created = time.GetUtcNow();
        using var write = database.BeginWrite(Durability.Full);
        using var command = write.Command("INSERT INTO provider_keys (id, provider, name, secret, key_check, created_at) VALUES ($id, $provider, $name, $secret, $check, $created);");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$provider", providerName);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$secret", active.Encrypt(apiKey, Associated(id, providerName)));
        command.Parameters.AddWithValue("$check", active.Fingerprint);
        command.Parameters.AddWithValue("$created", created.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        write.Commit();
        return new StoredKeyInfo(id, providerName, name, created);
    }

    public List<StoredKeyInfo> List()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, provider, name, created_at FROM provider_keys ORDER BY created_at, id;";
        using var reader = command.ExecuteReader();
        var keys = new List<StoredKeyInfo>();
        while (reader.Read())
        {
            keys.Add(new StoredKeyInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture)));
        }
        return keys;
    }

    public bool Delete(string id)
    {
        using var write = database.BeginWrite(Durability.Full);
        using var command = write.Command("DELETE FROM provider_keys WHERE id = $id;");
        command.Parameters.AddWithValue("$id", id);
        var deleted = command.ExecuteNonQuery() > 0;
        write.Commit();
        return deleted;
    }

    /// <summary>The decrypted key and its provider, or the reason it cannot be used.</summary>
    public (string? Provider, string? ApiKey, string? Problem) Resolve(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT provider, secret, key_check FROM provider_keys WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return (null, null, $"No stored key has id '{(id.Length <= 64 ? id : id[..64])}'.");
        }
        var provider = reader.GetString(0);
        if (cipher is null)
        {
            return (provider, null, $"Stored keys cannot be read: {KeyCipher.SettingName} is not set.");
        }
        if (reader.GetString(2) != cipher.Fingerprint)
        {
            return (provider, null, $"The stored key was encrypted under a different {KeyCipher.SettingName}; store it again.");
        }
        try
        {
            return (provider, cipher.Decrypt((byte[])reader.GetValue(1), Associated(id, provider)), null);
        }
        catch (CryptographicException)
        {
            return (provider, null, "The stored key cannot be decrypted; store it again.");
        }
    }

    private Microsoft.Data.Sqlite.SqliteConnection Open() => database.Open(Durability.Full);

    private static string Associated(string id, string provider) => id + "\n" + provider;
}
